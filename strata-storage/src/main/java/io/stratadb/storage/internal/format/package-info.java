/**
 * L3 key format: {@link io.stratadb.storage.internal.format.InternalKeyCodec}, the order-preserving
 * internal key (branch · space · keyspace · user key · ~version). The durable record and table
 * formats live beside it (owned by the durable layer).
 */
package io.stratadb.storage.internal.format;
