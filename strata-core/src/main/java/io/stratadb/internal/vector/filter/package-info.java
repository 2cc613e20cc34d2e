/** Evaluation of AND-combined metadata filters ({@link io.stratadb.VectorFilter}) on vector metadata. */
package io.stratadb.internal.vector.filter;
