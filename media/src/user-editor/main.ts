/**
 * The user editor webview: wiring between the VS Code API, host messages and the editor page.
 *
 * Flow: post `ready` → host answers `init` → the page renders. Save posts `save` with only the
 * changed fields and the version the edits started from; the host answers `busy`, then `saved`,
 * `saveFailed` or `conflict`. Every host message but `busy` ends a busy state.
 *
 * No `retainContextWhenHidden`: unsaved edits survive hide/show through setState (see vscode-api.ts).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { HostMessage } from '../../../src/editors/protocol';
import { el, replaceChildren } from './dom';
import { EditorView, type Draft } from './editor';
import { panelKey } from './state';
import { hostApi } from './vscode-api';

const api = hostApi();
const app = document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));
let view: EditorView | undefined;
/** A kept draft is applied to the first `init` only (the page was reloaded after being hidden). */
let restored = false;

function onInit(m: Extract<HostMessage, { type: 'init' }>): void {
  const key = panelKey(m);
  let draft: Draft | undefined;
  if (view && view.key === key && view.model.dirty && !view.reloadRequested) {
    // Re-sent after an action (enable, restore…): keep the edits, based on the fresh version.
    draft = { edits: view.model.draftEdits() };
  } else if (!view && !restored) {
    const kept = api.getState()?.draft;
    if (kept && kept.key === key) draft = { edits: kept.edits, baseVersion: kept.baseVersion };
  }
  restored = true;
  const next = new EditorView(m, api, draft);
  replaceChildren(app, next.root);
  app.removeAttribute('aria-busy');
  const first = !view;
  view = next;
  if (m.mode === 'create' && first) requestAnimationFrame(() => next.focusFirstField());
}

/** Before the first `init`: loading text, or the error with a Retry. */
function preInit(m: HostMessage): void {
  if (m.type === 'busy') {
    replaceChildren(app, el('p', { class: 'app-loading', attrs: { role: 'status' } }, m.what ?? ''));
  } else if (m.type === 'saveFailed' || m.type === 'notice') {
    const text = m.type === 'saveFailed' ? m.error.message : m.message;
    const detail = m.type === 'saveFailed' ? [m.error.code ? `code ${m.error.code}` : '', m.error.status ? `HTTP ${m.error.status}` : ''].filter(Boolean).join(' · ') : '';
    const retry = el('vscode-button', { attrs: { icon: 'refresh', 'data-command': 'retry' } }, 'Retry');
    retry.addEventListener('click', () => {
      replaceChildren(app, el('p', { class: 'app-loading', attrs: { role: 'status' } }, 'Loading…'));
      api.post({ type: 'reload' });
    });
    replaceChildren(app, el('div', { class: 'banner banner-error load-error', attrs: { role: 'alert' } }, el('div', { class: 'banner-body' }, el('div', { class: 'banner-title' }, text), detail ? el('div', { class: 'banner-detail' }, detail) : null, el('div', { class: 'banner-actions' }, retry))));
    app.removeAttribute('aria-busy');
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as HostMessage | undefined;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
  if (m.type === 'init') return onInit(m);
  if (!view) return preInit(m);
  switch (m.type) {
    case 'busy':
      return view.setBusy(m.what);
    case 'saved':
      return view.saved(m.values, m.user, m.message);
    case 'saveFailed':
      return view.failed(m.error);
    case 'conflict':
      return view.conflict(m.serverValues, m.serverVersion);
    case 'memberships':
      return view.setMemberships(m.memberships);
    case 'notice':
      return view.notice(m.message, m.level);
  }
});

// Keyboard: Ctrl/Cmd+S saves, Enter in a single-line field saves (same rule: only when valid),
// Escape dismisses the newest banner.
window.addEventListener(
  'keydown',
  (e) => {
    if (!view || e.isComposing) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's') {
      e.preventDefault();
      view.submit();
      return;
    }
    const target = e.target as HTMLElement | null;
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && target?.tagName === 'VSCODE-TEXTFIELD' && !target.hasAttribute('readonly')) {
      e.preventDefault();
      view.submit();
      return;
    }
    if (e.key === 'Escape') {
      // An open dropdown closes itself first.
      if (target && 'open' in target && (target as { open?: boolean }).open) return;
      if (view.banners.dismissNewest()) e.preventDefault();
    }
  },
  true,
);

document.addEventListener('banner-focus-lost', () => {
  (view?.root.querySelector('.toolbar vscode-button:not([disabled])') as HTMLElement | null)?.focus();
});

api.post({ type: 'ready' });
