/**
 * One queued, accessible notice channel (squoosh's snack bar): messages with a stage prefix, an optional action,
 * shown in order. Progress-like notices can be delayed so fast work does not flicker.
 */

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  action?: { label: string; run: () => void };
  /** Stays until dismissed. */
  sticky: boolean;
}

export class Notices {
  list: Notice[] = $state([]);
  #next = 1;

  show(kind: NoticeKind, text: string, opts: { action?: Notice['action']; sticky?: boolean; timeout?: number } = {}): number {
    const id = this.#next++;
    const sticky = opts.sticky ?? (kind === 'error' || !!opts.action);
    this.list = [...this.list.filter((n) => n.text !== text), { id, kind, text, action: opts.action, sticky }];
    if (!sticky) setTimeout(() => this.dismiss(id), opts.timeout ?? 6000);
    return id;
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}
