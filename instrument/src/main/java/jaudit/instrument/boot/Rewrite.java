package jaudit.instrument.boot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a call inside a JDK method that the annotated adapter replaces, with the same stack
 * effect (the adapter's descriptor): where workers run tasks, so each runs under the context
 * captured when it was submitted. Read by the agent from the class file, like {@link Hook}.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(Rewrite.All.class)
public @interface Rewrite {
    /** The JDK class whose method holds the call, as an internal name. */
    String owner();

    /** The method that holds the call. */
    String method();

    /** The called method's class, name and descriptor. */
    String callOwner();

    String callName();

    String callDescriptor();

    int since() default 17;

    int until() default Integer.MAX_VALUE;

    /** The container of repeated declarations. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface All {
        Rewrite[] value();
    }
}
