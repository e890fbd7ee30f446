import * as v from 'valibot';
import { PRODUCT_IDS } from '../model';
import type { ConnectionInfo } from '../backends/directory-backend';

/** One entry of the `userDirectory.connections` setting, as users may write it in settings.json. */
const ConnectionEntry = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]+$/, 'id may hold letters, digits, ".", "_" and "-" only')),
  label: v.pipe(v.string(), v.minLength(1, 'label is empty')),
  product: v.picklist(PRODUCT_IDS, `product must be one of ${PRODUCT_IDS.join(', ')}`),
  baseUrl: v.pipe(v.string(), v.url('baseUrl is not a URL'), v.regex(/^https?:\/\//i, 'baseUrl must start with http:// or https://')),
  username: v.optional(v.string()),
  rejectUnauthorized: v.optional(v.boolean(), true),
  authMode: v.optional(v.picklist(['authtoken', 'oauth'])),
  realm: v.optional(v.string()),
});

export interface SettingsProblem {
  index: number;
  message: string;
}

/** Reads the setting's value: valid entries become connections, the rest are reported (not dropped silently). */
export function parseConnections(value: unknown): { connections: ConnectionInfo[]; problems: SettingsProblem[] } {
  const connections: ConnectionInfo[] = [];
  const problems: SettingsProblem[] = [];
  if (value === undefined || value === null) return { connections, problems };
  if (!Array.isArray(value)) return { connections, problems: [{ index: -1, message: 'userDirectory.connections must be a list' }] };
  const seen = new Set<string>();
  value.forEach((entry, index) => {
    const r = v.safeParse(ConnectionEntry, entry);
    if (!r.success) {
      problems.push({ index, message: r.issues.map((i) => i.message).join('; ') });
      return;
    }
    if (seen.has(r.output.id)) {
      problems.push({ index, message: `id "${r.output.id}" is used twice` });
      return;
    }
    seen.add(r.output.id);
    connections.push({ ...r.output, baseUrl: r.output.baseUrl.replace(/\/+$/, '') });
  });
  return { connections, problems };
}

/** The setting entry for a connection (only the keys that carry information). */
export function toSettingsEntry(c: ConnectionInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: c.id, label: c.label, product: c.product, baseUrl: c.baseUrl };
  if (c.username) entry.username = c.username;
  if (!c.rejectUnauthorized) entry.rejectUnauthorized = false;
  if (c.authMode) entry.authMode = c.authMode;
  if (c.realm) entry.realm = c.realm;
  return entry;
}
