package jaudit.instrument.boot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the JDK method at whose entry the annotated adapter is called (at a constructor's end,
 * once the object is made, if the adapter takes it): the one place a hook exists. The agent reads
 * these declarations from the adapters' class files when it starts and weaves each call; nothing
 * else names a hooked method. Kept in class files only, never loaded.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(Hook.All.class)
public @interface Hook {
    /** In {@link #args}: the hooked object itself. */
    int THIS = -1;
    /** In {@link #args}: the hooked object's field named by {@link #thisField}. */
    int THIS_FIELD = -2;

    /** The JDK class, as an internal name ({@code sun/nio/fs/UnixNativeDispatcher}). */
    String owner();

    String method();

    /** The method's descriptor, or its start followed by {@code *} for every overload that starts so. */
    String descriptor();

    /** The hooked method's parameters the adapter receives, in the adapter's order. */
    int[] args() default {};

    /** For {@link #THIS_FIELD}: the field's name and descriptor, as {@code file:Lsun/nio/fs/UnixPath;}. */
    String thisField() default "";

    /** A string passed after {@link #args}, telling apart the methods that share one adapter. */
    String constant() default "";

    /** The first JDK feature release that has the method (earlier ones route through others). */
    int since() default 17;

    /** The last JDK feature release that has it. */
    int until() default Integer.MAX_VALUE;

    /** The container of repeated declarations. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface All {
        Hook[] value();
    }
}
