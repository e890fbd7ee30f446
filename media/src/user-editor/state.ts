/**
 * The editor's model: what the server has (original), what the form holds (current), which fields
 * are visible, which are dirty and which are invalid. No DOM here.
 */
import { changedFields, validateField, type EditorMode, type EditorUser, type HostMessage } from '../../../src/editors/protocol';
import type { FieldGroup, FieldSpec, FieldValue, FieldValues } from '../../../src/model';

export type InitMessage = Extract<HostMessage, { type: 'init' }>;

export const GROUP_ORDER: readonly FieldGroup[] = ['identity', 'contact', 'organisation', 'security', 'product'];

export function isBlank(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The key a draft is stored under: one per connection and user ("new" when creating). */
export function panelKey(init: Pick<InitMessage, 'panel' | 'mode'>): string {
  return `${init.panel.connectionId}/${init.mode === 'create' ? 'new' : (init.panel.userId ?? '')}`;
}

export class EditorModel {
  readonly mode: EditorMode;
  /** The fields this mode shows, in the backend's order. */
  readonly fields: FieldSpec[];
  private readonly byKey = new Map<string, FieldSpec>();
  original: FieldValues = {};
  current: FieldValues = {};
  baseVersion: string;
  user: EditorUser | undefined;
  /** Messages from the product's last rejection, per field; cleared when that field is edited. */
  serverErrors: Record<string, string[]> = {};
  /** Fields the user has edited or left: their inline messages show. */
  readonly touched = new Set<string>();
  /** After an attempt to save with problems: every message shows. */
  showAllProblems = false;

  constructor(readonly init: InitMessage) {
    this.mode = init.mode;
    this.fields = init.fields.filter((f) => !f.only || f.only === init.mode);
    for (const f of init.fields) this.byKey.set(f.key, f);
    this.user = init.user;
    this.baseVersion = init.user?.version ?? '';
    this.original = this.sanitize(init.values);
    this.current = { ...this.original };
  }

  spec(key: string): FieldSpec | undefined {
    return this.byKey.get(key);
  }

  /** Fields the user can change in this mode. */
  get editableFields(): FieldSpec[] {
    return this.fields.filter((f) => !f.readOnly);
  }

  /**
   * Values as the form shows them: password values dropped (never pre-filled, whatever the host
   * sends), references as strings (option values are strings).
   */
  sanitize(values: FieldValues): FieldValues {
    const out: FieldValues = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      const spec = this.byKey.get(key);
      if (spec?.type === 'password') continue;
      if (spec?.type === 'enum' && typeof value === 'number') out[key] = String(value);
      else if (spec?.type === 'multi-enum' && Array.isArray(value)) out[key] = value.map(String);
      else out[key] = value;
    }
    return out;
  }

  set(key: string, value: FieldValue): void {
    this.current[key] = value;
    delete this.serverErrors[key];
    this.touched.add(key);
  }

  /** A blank checkbox and an unticked one are the same. */
  private comparable(values: FieldValues): FieldValues {
    const out: FieldValues = {};
    for (const f of this.editableFields) {
      const v = values[f.key];
      out[f.key] = f.type === 'boolean' ? v === true : (v ?? null);
    }
    return out;
  }

  /** Changed editable fields with their current values (what a save sends). */
  changes(): FieldValues {
    const changed = changedFields(this.comparable(this.original), this.comparable(this.current));
    const out: FieldValues = {};
    for (const key of Object.keys(changed)) out[key] = this.current[key] ?? null;
    return out;
  }

  get dirty(): boolean {
    return Object.keys(this.changes()).length > 0;
  }

  /** Create mode: every editable field with a value (untouched, empty fields are left to the product's defaults). */
  createValues(): FieldValues {
    const out: FieldValues = {};
    for (const f of this.editableFields) {
      const v = this.current[f.key];
      if (!isBlank(v)) out[f.key] = v;
    }
    return out;
  }

  /**
   * Which fields are checked: all of them when creating; when editing, the changed ones and their
   * confirmations (a value already on the server is the product's business, not a reason to block).
   */
  private keysToValidate(): Set<string> {
    if (this.mode === 'create') return new Set(this.editableFields.map((f) => f.key));
    const changed = new Set(Object.keys(this.changes()));
    for (const f of this.editableFields) if (f.sameAs && changed.has(f.sameAs)) changed.add(f.key);
    return changed;
  }

  /** Client-side problems of one field (validateField mirrors the product's rules). */
  clientProblems(key: string, keys = this.keysToValidate()): string[] {
    const spec = this.spec(key);
    if (!spec || !keys.has(key)) return [];
    return validateField(spec, this.current[key], this.current, this.mode);
  }

  /** What shows under a field now: the product's messages, and ours once the field was touched. */
  visibleProblems(key: string, keys = this.keysToValidate()): string[] {
    const own = this.showAllProblems || this.touched.has(key) ? this.clientProblems(key, keys) : [];
    return [...(this.serverErrors[key] ?? []), ...own.filter((m) => !(this.serverErrors[key] ?? []).includes(m))];
  }

  /** Fields whose client-side check fails, in form order. */
  invalidKeys(): string[] {
    const keys = this.keysToValidate();
    return this.fields.filter((f) => this.clientProblems(f.key, keys).length > 0).map((f) => f.key);
  }

  get canSubmit(): boolean {
    if (this.invalidKeys().length) return false;
    return this.mode === 'create' ? Object.keys(this.createValues()).length > 0 : this.dirty;
  }

  /** After a successful save: the server's values become the original (dirty resets). */
  applySaved(values: FieldValues, user: EditorUser): void {
    this.original = this.sanitize(values);
    this.current = { ...this.original };
    this.user = user;
    this.baseVersion = user.version;
    this.serverErrors = {};
    this.touched.clear();
    this.showAllProblems = false;
  }

  revert(): void {
    this.current = { ...this.original };
    this.serverErrors = {};
    this.touched.clear();
    this.showAllProblems = false;
  }

  /** Unsaved edits worth keeping across hide/show: changed fields, passwords excluded. */
  draftEdits(): FieldValues {
    const edits = this.mode === 'create' ? this.createValues() : this.changes();
    for (const key of Object.keys(edits)) if (this.spec(key)?.type === 'password') delete edits[key];
    return edits;
  }

  /** Re-applies kept edits on top of freshly loaded values. */
  applyDraft(edits: FieldValues, baseVersion?: string): void {
    for (const [key, value] of Object.entries(edits)) {
      const spec = this.spec(key);
      if (!spec || spec.readOnly || spec.type === 'password' || !this.fields.includes(spec)) continue;
      this.current[key] = value;
      this.touched.add(key);
    }
    if (baseVersion !== undefined && this.mode === 'edit') this.baseVersion = baseVersion;
  }

  /** Labels of the visible fields whose server value differs from the one the edits started from. */
  changedOnServer(serverValues: FieldValues): string[] {
    const server = this.sanitize(serverValues);
    const changed = changedFields(this.comparable(this.original), this.comparable(server));
    return this.fields.filter((f) => f.key in changed).map((f) => f.label);
  }
}
