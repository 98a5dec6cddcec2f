/**
 * 载入示例: a few published reports shipped with the app (public/examples/, see its README.md), fetched from the
 * app's own folder (precached by the service worker, so this works offline too) and imported through the same
 * path as dropped files. Chosen to show every kind of finding in one click: a report whose checks all hold (a
 * PDF, with its page regions), one whose 总计 column was left at 0 (diagnosis), the year before it of the same
 * office (cross-year checks), and one whose prose disagrees with its table.
 */
import type { Session } from './session.svelte.ts';

export const EXAMPLES: readonly { file: string; name: string }[] = [
  { file: 'huaian_2024.pdf', name: '示例_淮安市人民政府_2024.pdf' },
  { file: 'haitan_2023.txt', name: '示例_海坛片区管理局_2023.txt' },
  { file: 'haitan_2024.txt', name: '示例_海坛片区管理局_2024.txt' },
  { file: 'scjg_2025.txt', name: '示例_市场监督管理局_2025.txt' },
];

export async function exampleFiles(base = new URL(import.meta.env.BASE_URL + 'examples/', document.baseURI)): Promise<File[]> {
  return Promise.all(
    EXAMPLES.map(async ({ file, name }) => {
      const res = await fetch(new URL(file, base));
      if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
      return new File([await res.blob()], name);
    }),
  );
}

export async function loadExamples(session: Session): Promise<void> {
  let files: File[];
  try {
    files = await exampleFiles();
  } catch (e) {
    console.warn('examples:', e);
    session.notices.show('error', '示例文件载入失败：请联网后刷新页面再试。');
    return;
  }
  await session.addFromFiles(files);
}
