import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionWizard } from '../../src/connections/connection-wizard';
import type { Prompts } from '../../src/ui/prompts';

/** Prompts answered from a script, in order; records what was asked. */
function scripted(answers: unknown[]): Prompts & { asked: string[] } {
  const asked: string[] = [];
  const next = (title: string) => {
    asked.push(title);
    if (!answers.length) throw new Error(`unexpected question: ${title}`);
    return answers.shift();
  };
  return {
    asked,
    pick: async (items, o) => {
      const answer = next(o.title);
      const list = await items;
      if (answer === undefined) return undefined;
      const hit = list.find((i) => i.label === answer || i.value === answer);
      if (!hit) throw new Error(`no choice ${String(answer)} in ${o.title}`);
      return hit.value;
    },
    searchPick: async (_load, o) => next(o.title) as never,
    input: async (o) => {
      const answer = next(o.title) as string | undefined;
      if (answer !== undefined && o.validateInput) {
        const problem = await o.validateInput(answer);
        if (problem) throw new Error(`rejected "${answer}": ${String(problem)}`);
      }
      return answer;
    },
    confirm: async (m) => next(m) as string | undefined,
  };
}

describe('connection wizard', () => {
  it('adds an ITSM-NG connection with App-Token and login', async () => {
    const p = scripted(['ITSM-NG', 'Helpdesk', 'https://itsm.example.com/apirest.php/', 'app-123', 'Login and password', 'glpi', 'pw', true]);
    const r = await connectionWizard(p, []);
    assert.deepEqual(r, {
      connection: { id: 'helpdesk', label: 'Helpdesk', product: 'itsm-ng', baseUrl: 'https://itsm.example.com/apirest.php', username: 'glpi', rejectUnauthorized: true, authMode: undefined, realm: undefined },
      secrets: { appToken: 'app-123', password: 'pw' },
    });
  });

  it('makes ids unique and lets a self-signed test server skip verification', async () => {
    const p = scripted(['Snipe-IT', 'Assets', 'https://snipe.test/api/v1', 'tok', false]);
    const r = await connectionWizard(p, ['assets']);
    assert.equal(r?.connection.id, 'assets-2');
    assert.equal(r?.connection.rejectUnauthorized, false);
    assert.deepEqual(r?.secrets, { token: 'tok' });
  });

  it('asks ServiceDesk Plus for the auth mode, privacyIDEA for a realm; http URLs skip the TLS question', async () => {
    const sdp = await connectionWizard(scripted(['ServiceDesk Plus', 'SDP', 'http://sdp.local/api/v3', 'oauth', 'zoho-tok']), []);
    assert.equal(sdp?.connection.authMode, 'oauth');
    assert.deepEqual(sdp?.secrets, { token: 'zoho-tok' });
    const pi = await connectionWizard(scripted(['privacyIDEA', 'PI', 'http://pi.local', 'admin', 'pw', 'realm1']), []);
    assert.equal(pi?.connection.realm, 'realm1');
  });

  it('rejects a URL that is not http(s)', async () => {
    await assert.rejects(connectionWizard(scripted(['Foreman', 'F', 'ftp://x']), []), /Use an http/);
  });

  it('when editing, keeps stored secrets if left empty and keeps the id', async () => {
    const existing = { connection: { id: 'f', label: 'F', product: 'foreman' as const, baseUrl: 'https://f/api', username: 'admin', rejectUnauthorized: true }, secrets: { password: 'old' } };
    const p = scripted(['F renamed', 'https://f/api', 'admin', '', true]);
    const r = await connectionWizard(p, ['f'], existing);
    assert.equal(r?.connection.id, 'f');
    assert.equal(r?.connection.label, 'F renamed');
    assert.equal(r?.secrets, undefined, 'stored secrets are kept');
  });

  it('stops quietly when a question is dismissed', async () => {
    assert.equal(await connectionWizard(scripted(['Foreman', undefined]), []), undefined);
  });
});
