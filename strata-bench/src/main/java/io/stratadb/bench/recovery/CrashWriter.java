package io.stratadb.bench.recovery;

import java.nio.file.Path;

/**
 * Child-process entry point of the recovery suite: {@code CrashWriter TARGET DIR KEYS TAIL VALUE_SIZE}
 * populates the folder, prints "populated", then halts the JVM without closing anything;
 * {@code CrashWriter grow TARGET DIR FROM TO TAIL VALUE_SIZE} does the same with {@link RecoveryTarget#grow}.
 * Exit code 3 = the target is not supported in this build, 1 = other failure.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        try {
            boolean grow = args[0].equals("grow");
            RecoveryTarget t = RecoveryTargets.all().get(args[grow ? 1 : 0]);
            if (t == null) {
                System.err.println("unknown recovery target " + args[0]);
                Runtime.getRuntime().halt(1);
            }
            if (grow) {
                t.grow(Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            } else {
                t.populate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
            }
            System.out.println("populated");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        } catch (io.stratadb.bench.UnsupportedEngineException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(3);
        } catch (Throwable e) {
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
    }
}
