import type { ConnectionInfo, DirectoryBackend } from '../backends/directory-backend';
import type { FieldSpec, FieldValues, Membership, MembershipKind } from '../model';
import type { Prompts } from '../ui/prompts';

const MAX_CHOICES = 1000;

/**
 * Asks which group/profile to add the user to (and the product's extra choices, such as the ITSM-NG
 * entity and recursion), then adds it. Resolves false when the user cancels.
 */
export async function addMembershipFlow(prompts: Prompts, backend: DirectoryBackend, connection: ConnectionInfo, userId: string, kind: MembershipKind, signal?: AbortSignal): Promise<boolean> {
  const term = (kind === 'group' ? backend.terms.group : backend.terms.profile) ?? kind;
  const current = new Set((await backend.userMemberships(userId, signal)).filter((m) => m.kind === kind).map((m) => m.targetId));
  const choices: Array<{ label: string; description?: string; value: string }> = [];
  let cursor: string | undefined;
  do {
    const page = kind === 'group' ? await backend.listGroups({ cursor, pageSize: 100, signal }) : await backend.listProfiles({ cursor, pageSize: 100, signal });
    for (const item of page.items) {
      choices.push({ label: item.name, description: current.has(item.id) ? 'already assigned' : item.description, value: item.id });
    }
    cursor = page.nextCursor;
  } while (cursor && choices.length < MAX_CHOICES);
  const targetId = await prompts.pick(choices, { title: `Add to a ${term} — ${connection.label}`, placeholder: `Choose a ${term}` });
  if (targetId === undefined) return false;
  const options = await askOptions(prompts, await backend.membershipOptions(kind, signal));
  if (options === undefined) return false;
  await backend.addMembership(userId, kind, targetId, options, signal);
  return true;
}

/** Answers for extra fields, one prompt each; undefined when cancelled. */
async function askOptions(prompts: Prompts, fields: FieldSpec[]): Promise<FieldValues | undefined> {
  const values: FieldValues = {};
  for (const f of fields) {
    if (f.type === 'boolean') {
      const v = await prompts.pick([{ label: 'Yes', value: true }, { label: 'No', value: false }], { title: f.label, placeholder: f.help });
      if (v === undefined) return undefined;
      values[f.key] = v;
    } else if (f.options) {
      const v = await prompts.pick(f.options.map((o) => ({ label: o.label, value: o.value })), { title: f.label, placeholder: f.help });
      if (v === undefined) return undefined;
      values[f.key] = v;
    } else {
      const v = await prompts.input({ title: f.label, prompt: f.help });
      if (v === undefined) return undefined;
      values[f.key] = v;
    }
  }
  return values;
}

export function describeMembership(m: Membership): string {
  return m.detail ? `${m.targetName} (${m.detail})` : m.targetName;
}
