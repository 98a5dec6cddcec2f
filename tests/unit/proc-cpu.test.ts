import { describe, expect, it } from 'vitest';
import { kindFromCmdline, threadCpu } from '../../scripts/lib/proc-cpu.ts';

describe('proc-cpu (benchmark CPU accounting)', () => {
  it('names Chromium processes from NUL- or space-joined command lines', () => {
    expect(kindFromCmdline('/usr/lib/chromium/chromium\0--headless\0--user-data-dir=/tmp/e2e-x\0')).toBe('browser');
    expect(kindFromCmdline('/usr/lib/chromium/chromium --type=renderer --user-data-dir=/tmp/e2e-x --lang=zh-CN')).toBe('renderer');
    expect(kindFromCmdline('/usr/lib/chromium/chromium --type=utility --utility-sub-type=storage.mojom.StorageService --lang=zh-CN')).toBe(
      'utility (storage)',
    );
    expect(kindFromCmdline('/usr/lib/chromium/chromium\0--type=gpu-process\0')).toBe('gpu-process');
  });

  it("counts this process's threads, the busy one included", () => {
    const before = threadCpu();
    const end = performance.now() + 300;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    const after = threadCpu();
    expect(x).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((t) => t.pid === process.pid && t.name.length > 0)).toBe(true);
    // The thread running this test spent about 0.3 s spinning (/proc counts in 10 ms ticks); none spent more.
    const was = new Map(before.map((t) => [t.tid, t.seconds]));
    const spent = Math.max(...after.map((t) => t.seconds - (was.get(t.tid) ?? 0)));
    expect(spent).toBeGreaterThanOrEqual(0.2);
    expect(spent).toBeLessThan(2);
  });
});
