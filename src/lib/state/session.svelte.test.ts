/**
 * The session's handling of faults and of other tabs, with a library in memory and a pool that parses in this
 * thread (the real workers and IndexedDB are covered by tests/e2e/robustness.test.mjs):
 * - storage full in the middle of a batch stops it and marks the files not stored 未保存;
 * - two sessions on one library (two tabs) see each other's imports, deletions and corrections without a reload;
 * - files left pending by a closed tab are offered to 继续处理, those of a tab still importing are not.
 */
import { describe, expect, it, vi } from 'vitest';
import { DuplicateError, type IngestPool } from '../ingest/pool.ts';
import type { Intake } from '../ingest/intake.ts';
import { AbortError } from '../ingest/types.ts';
import { parseReport } from '../parse/parse-report.ts';
import { storeFixtures, type StoreFixture } from '../store/__fixtures__/reports.ts';
import { MemoryLibrary, sha256Hex, type Library } from '../store/index.ts';
import { summarize } from '../store/summary.ts';
import { Session, STORAGE_FULL_NOTICE, errorSentence } from './session.svelte.ts';
import type { LibraryChannel, TabPresence } from './tab-sync.ts';

const F = storeFixtures();

/** The pool's page path (`ingest` with `onHashed`), parsing text in this thread. */
function fakePool(): IngestPool {
  const pool = {
    size: 1,
    stores: false,
    async ingest(name: string, source: Uint8Array | Blob, o: { signal?: AbortSignal | null; onHashed?: (sha: string, b: Uint8Array) => Promise<boolean> }) {
      const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
      const sha = await sha256Hex(bytes);
      if (o.signal?.aborted) throw new AbortError();
      if (o.onHashed && !(await o.onHashed(sha, bytes))) throw new DuplicateError(sha);
      await new Promise((r) => setTimeout(r, 5));
      if (o.signal?.aborted) throw new AbortError();
      return parseReport(bytes, { file: name, nowYear: 2026 });
    },
  };
  return pool as unknown as IngestPool;
}

const intake = (fs: readonly StoreFixture[]): Intake => ({
  files: fs.map((f) => ({ name: f.name, read: async () => f.bytes })),
  skipped: 0,
});

/** An in-process BroadcastChannel: what one session posts, the others hear. */
function channelHub(): (on: (ids: string[]) => void) => LibraryChannel {
  const subs = new Set<(ids: string[]) => void>();
  return (on) => {
    subs.add(on);
    return {
      post: (ids) => {
        for (const s of subs) if (s !== on) queueMicrotask(() => s([...ids]));
      },
      close: () => subs.delete(on),
    };
  };
}

function session(library: Library, opts: { persistent?: boolean; channel?: ReturnType<typeof channelHub>; presence?: TabPresence } = {}): Session {
  return new Session({
    openLibrary: async () =>
      opts.persistent === false
        ? { library: library as MemoryLibrary, persistent: false, reason: '报告只保存在内存中', cause: null }
        : { library, persistent: true, reason: null },
    makePool: async () => fakePool(),
    summarize: (e) => summarize(e, true),
    channel: opts.channel,
    presence: opts.presence ? async () => opts.presence! : undefined,
  });
}

const texts = (s: Session) => s.notices.list.map((n) => n.text);

describe('storage full in the middle of a batch', () => {
  it('stops the batch: the files stored stay whole, the others are 未保存 (not cancelled), no marker is left', async () => {
    const files = F.slice(0, 5);
    // Room for the first two originals only.
    const library = new MemoryLibrary({ maxBytes: files[0].bytes.length + files[1].bytes.length });
    const s = session(library, { persistent: false });
    await s.init();
    await s.addIntake(intake(files));
    const b = s.batch!;
    expect(b.stopped).toBe('storage-full');
    expect(b.cancelled).toBe(false);
    expect(b.items.map((i) => i.status)).toEqual(['done', 'done', 'unsaved', 'unsaved', 'unsaved']);
    expect(b.items.slice(2).map((i) => i.message)).toEqual(Array(3).fill('存储空间已满，此文件未保存'));
    expect(texts(s)).toContain(STORAGE_FULL_NOTICE);
    expect(texts(s)).toContain('导入因存储空间已满而停止：2 份已读取，3 份未保存');
    expect(await library.listPending()).toEqual([]);
    expect((await library.summaries()).map((x) => x.id).sort()).toEqual([files[0].sha, files[1].sha].sort());
    expect(s.summaries).toHaveLength(2);

    // Room again (a report deleted): the notice goes with the next import, which stores the file.
    await s.remove([files[0].sha]);
    await s.addIntake(intake([files[0]]));
    expect(s.batch!.items.map((i) => i.status)).toEqual(['done']);
    expect(texts(s)).not.toContain(STORAGE_FULL_NOTICE);
  });
});

describe('two tabs on one library', () => {
  it("each shows the other's imports, deletions and corrections without a reload", async () => {
    const library = new MemoryLibrary();
    const hub = channelHub();
    const a = session(library, { channel: hub });
    const b = session(library, { channel: hub });
    await a.init();
    await b.init();
    const [x, y, z] = F;
    await a.addIntake(intake([x, y]));
    await vi.waitFor(() => expect(b.summaries.map((s) => s.id).sort()).toEqual([x.sha, y.sha].sort()));

    await b.addIntake(intake([z]));
    await vi.waitFor(() => expect(a.summaries).toHaveLength(3));

    // B has y open (its full entry cached); A corrects it: B's copy is replaced and its views told.
    expect((await b.entry(y.sha))!.corrections).toEqual({});
    const revision = b.revision;
    await a.correct(y.sha, 's3.new.natural', 777, '核对');
    await vi.waitFor(() => expect(b.summaries.find((s) => s.id === y.sha)!.corrected).toEqual(['s3.new.natural']));
    expect(b.revision).toBeGreaterThan(revision);
    expect((await b.entry(y.sha))!.corrections['s3.new.natural'].value).toBe(777);

    await b.remove([x.sha]);
    await vi.waitFor(() => expect(a.summaries.map((s) => s.id).sort()).toEqual([y.sha, z.sha].sort()));
    expect(await a.entry(x.sha)).toBeUndefined();
  });

  it('a tab on a library in memory neither posts nor listens (its library is its own)', async () => {
    const channel = vi.fn(channelHub());
    const s = session(new MemoryLibrary(), { persistent: false, channel });
    await s.init();
    expect(channel).not.toHaveBeenCalled();
  });
});

describe('files left pending', () => {
  it('offers those of a closed tab (and of unknown tabs) to 继续处理, not those of a tab still importing', async () => {
    const library = new MemoryLibrary();
    const [mine, gone, old] = F;
    await library.markPending(mine.sha, mine.name, mine.bytes, 'tab-open');
    await library.markPending(gone.sha, gone.name, gone.bytes, 'tab-closed');
    await library.markPending(old.sha, old.name, old.bytes);
    const presence: TabPresence = { id: 'me', alive: async (ids) => new Set(ids.filter((i) => i === 'tab-open' || i === 'me')) };
    const s = session(library, { presence });
    await s.init();
    const notice = s.notices.list.find((n) => n.text.startsWith('上次有'))!;
    expect(notice.text).toBe('上次有 2 个文件已保存但未处理完（页面在导入过程中被关闭）。');
    expect(notice.action!.label).toBe('继续处理');
    notice.action!.run();
    await vi.waitFor(() => expect(texts(s)).toContain('继续处理完成：2 份'));
    expect((await library.listPending()).map((p) => p.id)).toEqual([mine.sha]);
    expect(s.summaries.map((x) => x.id).sort()).toEqual([gone.sha, old.sha].sort());

    // Asked again once they are done (another tab finished them, or a second click): said, nothing run.
    await s.resumePending([gone.sha]);
    expect(texts(s)).toContain('没有需要继续处理的文件：它们已处理完（可能是在另一个标签页中）。');
  });

  it('marks the files of its own batch with its tab', async () => {
    const library = new MemoryLibrary();
    const marked: (string | undefined)[] = [];
    const markPending = library.markPending.bind(library);
    library.markPending = async (id, name, bytes, owner) => {
      marked.push(owner);
      return markPending(id, name, bytes, owner);
    };
    const s = session(library, { presence: { id: 'me', alive: async () => new Set(['me']) } });
    await s.init();
    await s.addIntake(intake(F.slice(0, 2)));
    expect(marked).toEqual(['me', 'me']);
  });
});

describe('errorSentence', () => {
  it('passes our Chinese sentences through and never shows an English message', () => {
    expect(errorSentence(new Error('存储空间已满，这份报告未能保存'))).toBe('存储空间已满，这份报告未能保存');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(errorSentence(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      '程序内部错误（TypeError），这次操作没有完成；已保存的报告不受影响。请刷新页面后重试。',
    );
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});

describe('a cancelled batch', () => {
  it('leaves no original of its own waiting, even from a worker ended before it could tidy up', async () => {
    const library = new MemoryLibrary();
    const s = new Session({
      openLibrary: async () => ({ library, persistent: true, reason: null }),
      // Workers that store: each marks its file pending, then hangs until cancelled, and is ended without
      // removing the marker (as pool.ts ends a worker stuck inside pdf.js).
      makePool: async () =>
        ({
          size: 1,
          stores: true,
          async store(_name: string, source: Uint8Array | Blob, o: { signal?: AbortSignal; owner?: string }) {
            const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
            await library.markPending(await sha256Hex(bytes), _name, bytes, o.owner);
            await new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new AbortError())));
          },
        }) as unknown as IngestPool,
      summarize: (e) => summarize(e, true),
      presence: async () => ({ id: 'me', alive: async () => new Set(['me']) }),
    });
    await s.init();
    await library.markPending(F[5].sha, F[5].name, F[5].bytes, 'another-tab');
    const running = s.addIntake(intake(F.slice(0, 3)));
    await vi.waitFor(async () => expect(await library.listPending()).toHaveLength(3));
    s.cancel();
    await running;
    expect(s.batch!.items.map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // Another tab's marker is its own business.
    expect((await library.listPending()).map((p) => p.id)).toEqual([F[5].sha]);
  });
});
