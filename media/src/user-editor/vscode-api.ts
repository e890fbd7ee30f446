/**
 * The one place the webview talks to VS Code: typed postMessage, typed state.
 *
 * The panel is created without `retainContextWhenHidden`: when it is hidden VS Code discards the page
 * and reloads it when shown again. What survives is the state kept with setState (it is also what
 * the panel serializer gets after a window reload), so unsaved edits are stored there — never
 * password values, which VS Code would persist to disk with the state.
 */
import type { EditorPanelState, WebviewMessage } from '../../../src/editors/protocol';
import type { FieldValues } from '../../../src/model';

/** What setState keeps. `connectionId`/`userId` sit at the top level too: the panel serializer reads them there. */
export interface PersistedState extends Partial<EditorPanelState> {
  panel?: EditorPanelState;
  /** Unsaved edits (changed fields only, no passwords) and the version they started from. */
  draft?: { key: string; baseVersion: string; edits: FieldValues };
}

export interface HostApi {
  post(message: WebviewMessage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}

let api: HostApi | undefined;

/** acquireVsCodeApi may be called only once per page; this caches it. */
export function hostApi(): HostApi {
  if (api) return api;
  const vscode = acquireVsCodeApi<PersistedState>(); // typed by @types/vscode-webview
  api = {
    post: (message) => vscode.postMessage(message),
    getState: () => {
      const s = vscode.getState();
      return s && typeof s === 'object' ? (s as PersistedState) : undefined;
    },
    setState: (state) => vscode.setState(state),
  };
  return api;
}
