package jaudit.instrument;

import java.util.List;

/**
 * The ordered transformers applied to a class's bytes before it is defined. Immutable; adding a
 * transformer is one more element in {@link #standard()}.
 */
public record TransformerChain(List<ClassTransformer> transformers) {

    public TransformerChain {
        transformers = List.copyOf(transformers);
    }

    /** The chain every cell class and user jar class passes through. */
    public static TransformerChain standard() {
        return new TransformerChain(List.of(new InterruptCheckpoints(), new NativeCallSites()));
    }

    public byte[] apply(String internalName, byte[] classFile) {
        byte[] bytes = classFile;
        for (ClassTransformer transformer : transformers) {
            bytes = transformer.transform(internalName, bytes);
        }
        return bytes;
    }
}
