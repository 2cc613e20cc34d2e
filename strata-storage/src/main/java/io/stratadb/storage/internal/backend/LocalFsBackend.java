package io.stratadb.storage.internal.backend;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Backend} over a directory of the local file system, using {@link FileChannel}. Object
 * {@code a/b} is the file {@code root/a/b}. {@link #sync} forces the file and, the first time after the
 * object was created, its directories up to the root, so the directory entry is durable too;
 * {@link #publish} is write temp → fsync → atomic rename → directory fsync. Thread-safe: each call
 * opens its own channel (appenders keep theirs).
 */
public final class LocalFsBackend implements Backend {
    private final Path root;
    /** Objects whose directory entry is known durable (no directory fsync needed on their next sync). */
    private final Set<String> entryDurable = ConcurrentHashMap.newKeySet();

    /** Opens (creating the directory if needed) a backend rooted at {@code root}. */
    public LocalFsBackend(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            Files.createDirectories(this.root);
            Path parent = this.root.getParent();
            if (parent != null) {
                syncDir(parent);
            }
        }
    }

    /** Opens an existing directory without creating anything (read-only opens). */
    public static LocalFsBackend existing(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "database directory does not exist");
        }
        return new LocalFsBackend(root);
    }

    /** Whether {@link #openRangeReader} memory-maps files on this runtime (Java 22+, see {@link MappedRangeReader}). */
    public static boolean mapsFiles() {
        return MappedRangeReader.available();
    }

    public Path root() {
        return root;
    }

    private Path path(String name) {
        return root.resolve(ObjectNames.check(name));
    }

    private Path pathForWrite(String name) throws IOException {
        Path p = path(name);
        Path dir = p.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            entryDurable.remove(name);
        }
        return p;
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    @Override
    public byte[] readRange(String name, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range offset=" + offset + " length=" + length + " of " + name);
        }
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ)) {
            return readRange(ch, ch.size(), name, offset, length);
        }
    }

    private static byte[] readRange(FileChannel ch, long size, String name, long offset, int length)
            throws IOException {
        RangeReader.checkRange(name, size, offset, length);
        ByteBuffer buf = ByteBuffer.allocate(length);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of " + name + " at " + pos);
            }
            pos += n;
        }
        return buf.array();
    }

    /**
     * Maps the file read-only where the runtime allows ({@link MappedRangeReader}: reads copy from the
     * page cache, no system call); otherwise keeps the file open for the reader's life, one open per
     * table instead of one per block read. The object is immutable, so its size is taken once here.
     */
    @Override
    public RangeReader openRangeReader(String name) throws IOException {
        FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ);
        long size;
        try {
            size = ch.size();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        MappedRangeReader mapped = MappedRangeReader.open(name, ch, size);
        if (mapped != null) {
            try {
                ch.close();
            } catch (IOException e) {
                mapped.close();
                throw e;
            }
            return mapped;
        }
        return new RangeReader() {
            @Override
            public byte[] read(long offset, int length) throws IOException {
                return readRange(ch, size, name, offset, length);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void write(String name, byte[] data) throws IOException {
        Path p = pathForWrite(name);
        entryDurable.remove(name);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, data);
        }
    }

    private static void writeFully(FileChannel ch, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    @Override
    public long append(String name, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(pathForWrite(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long at = ch.size();
            ch.position(at);
            writeFully(ch, data);
            return at;
        }
    }

    /**
     * Appenders write through {@link RandomAccessFile} rather than a {@link FileChannel}: committer
     * threads append and sync the WAL themselves (group-commit leaders), and an interrupt delivered to
     * such a thread during channel I/O would close the channel under every other committer. Stream I/O
     * is not interruptible. {@link Appender#sync} is {@code fsync} of the descriptor.
     */
    @Override
    public Appender openAppender(String name) throws IOException {
        RandomAccessFile file = new RandomAccessFile(pathForWrite(name).toFile(), "rw");
        long start;
        try {
            start = file.length();
            file.seek(start);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return appender(name, file, start);
    }

    /** Zero bytes written per call while filling a reservation. */
    private static final int ZERO_CHUNK = 1 << 20;

    /**
     * Writes {@code reserve} real zero bytes (not a sparse hole or fallocated extent: both leave the
     * block allocation or its "written" flag to a journal commit on the first sync after an overwrite)
     * to a temp file, fsyncs it, renames it into place and fsyncs the directory, so the name never
     * shows a partial reservation; then appends from offset 0.
     */
    @Override
    public Appender openReserved(String name, long reserve) throws IOException {
        Backend.checkReserve(reserve, Long.MAX_VALUE);
        Path target = pathForWrite(name);
        if (Files.exists(target)) {
            throw new java.nio.file.FileAlreadyExistsException(name);
        }
        Path temp = target.resolveSibling(target.getFileName() + ObjectNames.TEMP_SUFFIX);
        try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw")) {
            file.setLength(0);
            byte[] zeros = new byte[(int) Math.min(ZERO_CHUNK, Math.max(1, reserve))];
            for (long left = reserve; left > 0; left -= zeros.length) {
                file.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            file.getFD().sync();
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        entryDurable.remove(name);
        syncEntry(name);
        RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw");
        return appender(name, file, 0);
    }

    private Appender appender(String name, RandomAccessFile file, long start) {
        return new Appender() {
            private volatile long size = start;

            @Override
            public long append(byte[] data) throws IOException {
                return append(data, 0, data.length);
            }

            @Override
            public long append(byte[] data, int off, int len) throws IOException {
                long at = size;
                file.write(data, off, len);
                size = at + len;
                return at;
            }

            @Override
            public void sync() throws IOException {
                file.getFD().sync();
                syncEntry(name);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public void truncate(String name, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE)) {
            if (size < 0 || size > ch.size()) {
                throw new IllegalArgumentException("cannot truncate " + name + " of " + ch.size() + " bytes to " + size);
            }
            ch.truncate(size);
        }
    }

    @Override
    public void sync(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        syncEntry(name);
    }

    /** Makes the directory entries from the object's directory up to the root durable, once per creation. */
    private void syncEntry(String name) throws IOException {
        if (entryDurable.contains(name)) {
            return;
        }
        for (Path dir = path(name).getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            syncDir(dir);
        }
        entryDurable.add(name);
    }

    /**
     * Fsyncs a directory. Only a {@link FileChannel} can open one, and channel I/O is interruptible, so
     * an interrupt (committer threads sync WAL segments themselves) is set aside and retried: this
     * private channel is closed by it, nothing shared. The caller's interrupt status is restored.
     */
    private static void syncDir(Path dir) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                } catch (IOException e) {
                    // some platforms (Windows) cannot open directories; there renames are durable by the OS's own rules
                    if (!System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
                        throw e;
                    }
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void publish(String name, byte[] data) throws IOException {
        Path target = pathForWrite(name);
        Path temp = target.resolveSibling(target.getFileName() + ObjectNames.TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, data);
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        entryDurable.remove(name);
        syncEntry(name);
    }

    @Override
    public int deleteTemporaries() throws IOException {
        int[] deleted = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && p.getFileName().toString().endsWith(ObjectNames.TEMP_SUFFIX)
                        && Files.deleteIfExists(p)) {
                    deleted[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return deleted[0];
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectNames.checkPrefix(prefix);
        // walk only the prefix's directory, and let objects vanish mid-walk: compaction deletes tables
        // concurrently with the manifest and WAL sweeps that list their own directories
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return out;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String name = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    if (name.startsWith(prefix) && !name.endsWith(ObjectNames.TEMP_SUFFIX)) {
                        out.add(name);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted while we walked
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(out);
        return out;
    }

    @Override
    public boolean delete(String name) throws IOException {
        Path p = path(name);
        boolean existed = Files.deleteIfExists(p);
        entryDurable.remove(name);
        if (existed) {
            syncDir(p.getParent());
        }
        return existed;
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(path(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(path(name));
    }

    @Override
    public ObjectLock tryLock(String name) throws IOException {
        FileChannel ch = FileChannel.open(pathForWrite(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        FileLock held = lock;
        return new ObjectLock() {
            private boolean released;

            @Override
            public synchronized void close() throws IOException {
                if (!released) {
                    released = true;
                    try {
                        held.release();
                    } finally {
                        ch.close();
                    }
                }
            }
        };
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {
    }
}
