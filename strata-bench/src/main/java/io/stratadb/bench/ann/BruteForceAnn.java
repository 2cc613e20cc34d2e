package io.stratadb.bench.ann;

import java.util.List;

/** Exact search: scans every base vector (the harness's ground truth uses the same kernel). */
public final class BruteForceAnn implements AnnIndex {
    private float[][] base;

    @Override
    public void build(float[][] b) {
        this.base = b;
    }

    @Override
    public List<Integer> searchParams(boolean quick) {
        return List.of(0);
    }

    @Override
    public String searchParamName() {
        return "-";
    }

    @Override
    public void setSearchParam(int value) {
    }

    @Override
    public int[] search(float[] query, int k) {
        return exactTopK(base, query, k);
    }

    /** Exact k nearest by squared L2, nearest first (ties by lower id). */
    public static int[] exactTopK(float[][] base, float[] q, int k) {
        int kk = Math.min(k, base.length);
        int[] ids = new int[kk];
        float[] ds = new float[kk];
        int size = 0;
        for (int i = 0; i < base.length; i++) {
            float d = l2(base[i], q);
            if (size < kk) {
                int p = size++;
                while (p > 0 && ds[p - 1] > d) {
                    ds[p] = ds[p - 1];
                    ids[p] = ids[p - 1];
                    p--;
                }
                ds[p] = d;
                ids[p] = i;
            } else if (d < ds[kk - 1]) {
                int p = kk - 1;
                while (p > 0 && ds[p - 1] > d) {
                    ds[p] = ds[p - 1];
                    ids[p] = ids[p - 1];
                    p--;
                }
                ds[p] = d;
                ids[p] = i;
            }
        }
        return ids;
    }

    static float l2(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            float x = a[i] - b[i];
            s += x * x;
        }
        return s;
    }
}
