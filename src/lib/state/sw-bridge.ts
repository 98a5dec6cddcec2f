/**
 * The page's side of the service worker (squoosh's sw-bridge): registers src/sw/index.ts (built as `sw.js` at the
 * site base) once the page has loaded, and speaks through the notice channel: 已可离线使用 when the first install
 * is done; 有新版本，刷新后生效 with a 刷新 action when a new build is waiting. 刷新 asks the waiting worker to take
 * over and reloads the page once it controls it, so a page never mixes two builds.
 *
 * Service workers need a secure context (https, or http on localhost); elsewhere the app works as before, online
 * only, and says so once.
 */
import type { Notices } from './notices.svelte.ts';

export type SwStatus = 'registered' | 'insecure' | 'unsupported' | 'failed';

export interface SwBridgeOptions {
  /** The worker script: `sw.js` at the site base. */
  url: URL;
  /** Reload the page (tests replace it). @default location.reload */
  reload?: () => void;
}

export const NOTICE_READY = '已可离线使用：本页及读取报告所需的文件已保存在本机，断网后也能打开和导入。';
export const NOTICE_UPDATE = '有新版本，刷新后生效';
export const NOTICE_INSECURE = '此页面不是通过 https 打开的，浏览器不允许离线保存：断网后无法打开本页（联网时一切照常）。';

export async function registerServiceWorker(notices: Notices, opts: SwBridgeOptions): Promise<SwStatus> {
  if (!window.isSecureContext) {
    notices.show('info', NOTICE_INSECURE);
    return 'insecure';
  }
  if (!('serviceWorker' in navigator)) return 'unsupported';
  const sw = navigator.serviceWorker;
  const reload = opts.reload ?? (() => location.reload());
  // A page that loaded without a worker sees the first install: it is the one to say that offline use is ready.
  const firstInstall = !sw.controller;
  let updating = false;

  const offerUpdate = (waiting: ServiceWorker) =>
    notices.show('info', NOTICE_UPDATE, {
      action: {
        label: '刷新',
        run: () => {
          updating = true;
          waiting.postMessage({ type: 'skip-waiting' });
          // Already activated elsewhere (another tab said yes): no controllerchange will come for this page.
          if (waiting.state === 'activated' || waiting.state === 'redundant') reload();
        },
      },
    });

  const track = (w: ServiceWorker) =>
    w.addEventListener('statechange', () => {
      if (w.state === 'installed' && sw.controller) offerUpdate(w);
      else if (w.state === 'activated' && firstInstall) notices.show('success', NOTICE_READY);
      else if (w.state === 'redundant' && !sw.controller) console.warn('service worker: install failed; the app works online only');
    });

  sw.addEventListener('controllerchange', () => {
    if (updating) reload();
  });

  try {
    const reg = await sw.register(opts.url.href);
    if (reg.waiting && sw.controller) offerUpdate(reg.waiting);
    if (reg.installing) track(reg.installing);
    reg.addEventListener('updatefound', () => {
      if (reg.installing) track(reg.installing);
    });
    return 'registered';
  } catch (e) {
    console.warn('service worker: registration failed', e);
    return 'failed';
  }
}

/** Register after the page has loaded, so the precache download does not compete with the app's own start. */
export function registerAfterLoad(notices: Notices, opts: SwBridgeOptions): void {
  const go = () => void registerServiceWorker(notices, opts);
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
}
