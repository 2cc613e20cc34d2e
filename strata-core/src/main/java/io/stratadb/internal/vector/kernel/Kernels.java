package io.stratadb.internal.vector.kernel;

/**
 * Picks the distance kernel once per JVM: the SIMD kernel when the {@code jdk.incubator.vector}
 * module is resolved in the boot layer (add it with {@code --add-modules jdk.incubator.vector}),
 * otherwise the scalar one. The system property {@value #FORCE_SCALAR_PROPERTY}{@code =true}
 * forces the scalar kernel (tests run both paths; operators can rule out the incubator).
 * Thread-safe.
 */
public final class Kernels {
    /** Set to {@code true} to force the scalar kernel. */
    public static final String FORCE_SCALAR_PROPERTY = "strata.vector.scalar";

    private static final VectorKernel DEFAULT = select(Boolean.getBoolean(FORCE_SCALAR_PROPERTY));

    private Kernels() {
    }

    /** The kernel chosen for this JVM. */
    public static VectorKernel get() {
        return DEFAULT;
    }

    /** The scalar kernel, always available. */
    public static VectorKernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /** The SIMD kernel, or null when {@code jdk.incubator.vector} is not available in this JVM. */
    public static VectorKernel simdOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return new SimdKernel();
        } catch (Throwable t) { // LinkageError or an unsupported species: fall back quietly
            return null;
        }
    }

    static VectorKernel select(boolean forceScalar) {
        if (forceScalar) {
            return ScalarKernel.INSTANCE;
        }
        VectorKernel simd = simdOrNull();
        return simd != null ? simd : ScalarKernel.INSTANCE;
    }
}
