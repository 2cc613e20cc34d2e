/**
 * Float32 distance kernels: SIMD ({@code jdk.incubator.vector}) when available, scalar otherwise;
 * {@link io.stratadb.internal.vector.kernel.Kernels} chooses once per JVM.
 */
package io.stratadb.internal.vector.kernel;
