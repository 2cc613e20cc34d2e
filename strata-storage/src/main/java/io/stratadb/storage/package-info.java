/** L9: the storage API, the only boundary the engine sees. */
package io.stratadb.storage;
