/** Packs the library's summaries off the page's thread (library.ts `repack`): any message in, `true` when it wrote one. */
import { IdbLibrary } from './library.ts';

self.onmessage = async () => {
  let packed = false;
  try {
    const library = await IdbLibrary.open();
    packed = await library.repack();
    library.close();
  } catch {
    // The pack only makes opening faster: without it the summaries are read record by record.
  }
  (self as unknown as Worker).postMessage(packed);
};
