import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_TOKEN, assertError, Itsm, ROSTER_PASSWORD } from './client';

/** Sessions, tokens, transport rules (CORS, bodies, routing) and the session endpoints. */

let itsm: Itsm;
let admin: string;

/** The first roster user matching a search (as the super-admin). */
async function findUser(criteria: string): Promise<{ id: number; login: string }> {
  const res = await itsm.call(`search/User/?${criteria}&forcedisplay[0]=2&range=0-0`, { session: admin });
  assert.ok(res.json.totalcount > 0, `a user matches ${criteria}`);
  return { id: res.json.data[0]['2'], login: res.json.data[0]['1'] };
}

before(async () => {
  itsm = await Itsm.start();
  admin = await itsm.login();
});
after(() => itsm.stop());

describe('ITSM-NG initSession', () => {
  it('opens a session with Basic credentials: 200, a 26-character PHP session id, JSON and no-cache headers', async () => {
    const res = await itsm.call('initSession', { headers: { Authorization: `Basic ${Buffer.from('glpi:glpi').toString('base64')}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['session_token']);
    assert.match(res.json.session_token, /^[0-9a-v]{26}$/);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(res.headers.get('expires'), 'Mon, 26 Jul 1997 05:00:00 GMT');
    assert.match(res.headers.get('cache-control') ?? '', /no-store, no-cache, must-revalidate/);
    assert.equal(res.headers.get('pragma'), 'no-cache');
    assert.equal(res.headers.get('access-control-expose-headers'), 'content-type, content-range, accept-range');
  });

  it('accepts login and password as query parameters, and the login case-insensitively', async () => {
    const res = await itsm.call('initSession?login=GLPI&password=glpi');
    assert.equal(res.status, 200);
    assert.match(res.json.session_token, /^[0-9a-v]{26}$/);
  });

  it('accepts the user_token in the Authorization header and as a query parameter', async () => {
    const a = await itsm.call('initSession', { headers: { Authorization: 'user_token mock-user-token' } });
    assert.equal(a.status, 200);
    const b = await itsm.call('initSession?user_token=mock-user-token');
    assert.equal(b.status, 200);
    const s = await itsm.call('getFullSession', { session: a.json.session_token });
    assert.equal(s.json.session.glpiID, 2);
  });

  it('returns the session too with get_full_session=true', async () => {
    const res = await itsm.call('initSession?get_full_session=true', { headers: { Authorization: 'user_token mock-user-token' } });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['session_token', 'session']);
    assert.equal(res.json.session.glpiID, 2);
    assert.equal(res.json.session.valid_id, res.json.session_token);
  });

  it('requires the App-Token: missing → 400 MISSING, wrong → 400 WRONG, with the documentation pointer', async () => {
    assertError(await itsm.call('initSession?login=glpi&password=glpi', { appToken: null }), 400, 'ERROR_APP_TOKEN_PARAMETERS_MISSING', 'missing parameter app_token', itsm.api);
    assertError(await itsm.call('initSession?login=glpi&password=glpi', { appToken: 'nope' }), 400, 'ERROR_WRONG_APP_TOKEN_PARAMETER', 'parameter app_token seems wrong', itsm.api);
    const viaQuery = await itsm.call(`initSession?login=glpi&password=glpi&app_token=${APP_TOKEN}`, { appToken: null });
    assert.equal(viaQuery.status, 200);
  });

  it('needs login+password or a user_token: 400 ERROR_LOGIN_PARAMETERS_MISSING', async () => {
    assertError(await itsm.call('initSession'), 400, 'ERROR_LOGIN_PARAMETERS_MISSING', 'parameter(s) login, password or user_token are missing', itsm.api);
    assertError(await itsm.call('initSession?login=glpi'), 400, 'ERROR_LOGIN_PARAMETERS_MISSING');
    assertError(await itsm.call('initSession?login=glpi&password='), 400, 'ERROR_LOGIN_PARAMETERS_MISSING');
  });

  it('rejects a wrong password (401 ERROR_GLPI_LOGIN) and a wrong user_token (401 ERROR_GLPI_LOGIN_USER_TOKEN), without pointer', async () => {
    assertError(await itsm.call('initSession?login=glpi&password=wrong'), 401, 'ERROR_GLPI_LOGIN', 'Incorrect username or password');
    assertError(await itsm.call('initSession?login=nobody.here&password=x'), 401, 'ERROR_GLPI_LOGIN', 'Incorrect username or password');
    assertError(await itsm.call('initSession', { headers: { Authorization: 'user_token wrong-token' } }), 401, 'ERROR_GLPI_LOGIN_USER_TOKEN', 'parameter user_token seems invalid');
  });

  it('lets roster users in with the seeded password, on their own profile', async () => {
    const user = await findUser('criteria[0][field]=20&criteria[0][searchtype]=equals&criteria[0][value]=1&criteria[1][field]=8&criteria[1][searchtype]=equals&criteria[1][value]=1');
    const token = await itsm.login(user.login, ROSTER_PASSWORD);
    const s = await itsm.call('getFullSession', { session: token });
    assert.equal(s.json.session.glpiID, user.id);
    assert.equal(s.json.session.glpiname, user.login);
    assert.equal(s.json.session.glpiactiveprofile.name, 'Self-Service');
    assert.equal(s.json.session.glpiactiveprofile.interface, 'helpdesk');
  });

  it('refuses inactive and trashed accounts with the deactivation message', async () => {
    const inactive = await findUser('criteria[0][field]=8&criteria[0][searchtype]=equals&criteria[0][value]=0');
    assertError(
      await itsm.call(`initSession?login=${inactive.login}&password=${encodeURIComponent(ROSTER_PASSWORD)}`),
      401,
      'ERROR_GLPI_LOGIN',
      "You don't have access to this application because your account was deactivated or removed",
    );
    const active = await findUser('criteria[0][field]=8&criteria[0][searchtype]=equals&criteria[0][value]=1&criteria[1][field]=20&criteria[1][searchtype]=equals&criteria[1][value]=1');
    const del = await itsm.call(`User/${active.id}`, { method: 'DELETE', session: admin });
    assert.equal(del.status, 200);
    try {
      assertError(await itsm.call(`initSession?login=${active.login}&password=${encodeURIComponent(ROSTER_PASSWORD)}`), 401, 'ERROR_GLPI_LOGIN', /deactivated or removed/);
    } finally {
      await itsm.call(`User/${active.id}`, { method: 'PUT', session: admin, body: { input: { is_deleted: 0 } } });
    }
  });

  it('refuses a user without any profile: "You don\'t have right to connect"', async () => {
    const create = await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'no.profile', password: 'Xx123456!', password2: 'Xx123456!' } } });
    assert.equal(create.status, 201);
    const links = await itsm.call(`User/${create.json.id}/Profile_User/`, { session: admin });
    for (const l of links.json) assert.equal((await itsm.call(`Profile_User/${l.id}`, { method: 'DELETE', session: admin })).status, 200);
    assertError(await itsm.call('initSession?login=no.profile&password=Xx123456!'), 401, 'ERROR_GLPI_LOGIN', "You don't have right to connect");
  });
});

describe('ITSM-NG session tokens', () => {
  it('killSession answers 200 with an empty body, and the token is then invalid everywhere', async () => {
    const token = await itsm.login();
    const kill = await itsm.call('killSession', { session: token });
    assert.equal(kill.status, 200);
    assert.equal(kill.text, '');
    assert.equal(kill.headers.get('content-type'), 'application/json; charset=UTF-8');
    assertError(await itsm.call('getFullSession', { session: token }), 401, 'ERROR_SESSION_TOKEN_INVALID', 'session_token seems invalid');
    assertError(await itsm.call('User/2', { session: token }), 401, 'ERROR_SESSION_TOKEN_INVALID');
  });

  it('a missing Session-Token is 400 (with pointer), an unknown one 401 (without)', async () => {
    assertError(await itsm.call('getFullSession'), 400, 'ERROR_SESSION_TOKEN_MISSING', 'parameter session_token is missing or empty', itsm.api);
    assertError(await itsm.call('User/'), 400, 'ERROR_SESSION_TOKEN_MISSING');
    assertError(await itsm.call('getFullSession', { session: 'abcdefabcdefabcdefabcdef12' }), 401, 'ERROR_SESSION_TOKEN_INVALID', 'session_token seems invalid');
  });

  it('checks the App-Token before the Session-Token on endpoints', async () => {
    assertError(await itsm.call('User/2', { session: admin, appToken: null }), 400, 'ERROR_APP_TOKEN_PARAMETERS_MISSING');
    assertError(await itsm.call('User/2', { session: 'bogus', appToken: 'bad' }), 400, 'ERROR_WRONG_APP_TOKEN_PARAMETER');
  });

  it('accepts session_token and app_token as query parameters', async () => {
    const res = await itsm.call(`getActiveProfile?session_token=${admin}&app_token=${APP_TOKEN}`, { appToken: null });
    assert.equal(res.status, 200);
  });

  it('search checks the session before the itemtype and the App-Token', async () => {
    assertError(await itsm.call('search/Nope/', { appToken: null }), 400, 'ERROR_SESSION_TOKEN_MISSING');
    assertError(await itsm.call('search/Nope/', { session: admin }), 400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM');
    assertError(await itsm.call('search/User/', { session: admin, appToken: null }), 400, 'ERROR_APP_TOKEN_PARAMETERS_MISSING');
  });
});

describe('ITSM-NG session endpoints', () => {
  it('getFullSession: glpiID, names, list limit, active profile and entities with their PHP types', async () => {
    const res = await itsm.call('getFullSession', { session: admin });
    assert.equal(res.status, 200);
    const s = res.json.session;
    assert.equal(s.glpiID, 2);
    assert.equal(s.glpiname, 'glpi');
    assert.equal(s.glpilanguage, 'en_GB');
    assert.equal(s.glpilist_limit, 20);
    assert.equal(s.glpiactive_entity, 0);
    assert.equal(s.glpiactive_entity_recursive, 1);
    assert.deepEqual(s.glpiactiveentities, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(s.glpiprofiles, { '4': { name: 'Super-Admin', entities: [{ id: 0, name: 'Root entity', is_recursive: 1 }] } });
    assert.equal(s.glpiactiveprofile.id, 4);
    assert.match(s.glpi_currenttime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(s.valid_id, admin);
  });

  it('getMyProfiles lists each held profile as {name, entities, id}', async () => {
    const res = await itsm.call('getMyProfiles', { session: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { myprofiles: [{ name: 'Super-Admin', entities: [{ id: 0, name: 'Root entity', is_recursive: 1 }], id: 4 }] });
    assert.deepEqual(Object.keys(res.json.myprofiles[0]), ['name', 'entities', 'id']);
  });

  it('getActiveProfile: the profile columns, one integer per right, and its entities', async () => {
    const res = await itsm.call('getActiveProfile', { session: admin });
    assert.equal(res.status, 200);
    const p = res.json.active_profile;
    assert.equal(p.id, 4);
    assert.equal(p.name, 'Super-Admin');
    assert.equal(p.interface, 'central');
    assert.equal(typeof p.user, 'number');
    assert.equal(p.user & 31, 31);
    assert.deepEqual(p.entities, [{ id: 0, name: 'Root entity', is_recursive: 1 }]);
  });

  it('changeActiveProfile: a held profile → 200 empty; another → 404; no profiles_id → 400 Bad Request', async () => {
    const user = await findUser('criteria[0][field]=20&criteria[0][searchtype]=equals&criteria[0][value]=1&criteria[1][field]=8&criteria[1][searchtype]=equals&criteria[1][value]=1&criteria[2][field]=1&criteria[2][searchtype]=notequals&criteria[2][value]=no.profile');
    const add = await itsm.call('Profile_User/', { method: 'POST', session: admin, body: { input: { users_id: user.id, profiles_id: 6, entities_id: 0, is_recursive: 1 } } });
    assert.equal(add.status, 201);
    const token = await itsm.login(user.login, ROSTER_PASSWORD);
    const profiles = await itsm.call('getMyProfiles', { session: token });
    assert.deepEqual(profiles.json.myprofiles.map((p: { id: number }) => p.id).sort(), [1, 6]);
    const ok = await itsm.call('changeActiveProfile', { method: 'POST', session: token, body: { profiles_id: 6 } });
    assert.equal(ok.status, 200);
    assert.equal(ok.text, '');
    assert.equal((await itsm.call('getActiveProfile', { session: token })).json.active_profile.name, 'Technician');
    assertError(await itsm.call('changeActiveProfile', { method: 'POST', session: token, body: { profiles_id: 4 } }), 404, 'ERROR_ITEM_NOT_FOUND', 'Item not found');
    assertError(await itsm.call('changeActiveProfile', { method: 'POST', session: token, body: { foo: 1 } }), 400, 'ERROR', 'Bad Request', itsm.api);
  });

  it('getMyEntities lists the profile entities by complete name; is_recursive adds sub-entities first', async () => {
    const plain = await itsm.call('getMyEntities', { session: admin });
    assert.deepEqual(plain.json, { myentities: [{ id: 0, name: 'Root entity' }] });
    const rec = await itsm.call('getMyEntities?is_recursive=true', { session: admin });
    const list = rec.json.myentities;
    assert.equal(list.length, 6);
    assert.deepEqual(list[list.length - 1], { id: 0, name: 'Root entity' });
    assert.ok(list.some((e: { name: string }) => e.name === 'Root entity > Berlin'));
  });

  it('getActiveEntities / changeActiveEntities switch the entity scope', async () => {
    const token = await itsm.login();
    const before = await itsm.call('getActiveEntities', { session: token });
    assert.deepEqual(before.json, { active_entity: { id: 0, active_entity_recursive: 1, active_entities: [0, 1, 2, 3, 4, 5].map((id) => ({ id })) } });
    const change = await itsm.call('changeActiveEntities', { method: 'POST', session: token, body: { entities_id: 1, is_recursive: false } });
    assert.equal(change.status, 200);
    assert.equal(change.text, 'true');
    const afterChange = await itsm.call('getActiveEntities', { session: token });
    assert.deepEqual(afterChange.json, { active_entity: { id: 1, active_entity_recursive: false, active_entities: [{ id: 1 }] } });
    assertError(await itsm.call('changeActiveEntities', { method: 'POST', session: token, body: { entities_id: 1, is_recursive: 'yes' } }), 400, 'ERROR', 'Bad Request', itsm.api);
    assertError(await itsm.call('changeActiveEntities', { method: 'POST', session: token, body: { entities_id: 99 } }), 400, 'ERROR', 'Bad Request', itsm.api);
  });

  it('getGlpiConfig returns cfg_glpi without secrets', async () => {
    const res = await itsm.call('getGlpiConfig', { session: admin });
    assert.equal(res.status, 200);
    assert.equal(res.json.cfg_glpi.url_base_api, itsm.api);
    assert.equal(res.json.cfg_glpi.list_limit_max, 50);
    assert.ok(!Object.keys(res.json.cfg_glpi).some((k) => /passwd|secret/.test(k)));
    assert.ok(!res.text.includes(APP_TOKEN) && !res.text.includes('mock-user-token'));
  });

  it('lostPassword: other verbs → 400 "Only HTTP verb PUT is allowed"; PUT → notifications disabled', async () => {
    assertError(await itsm.call('lostPassword', { appToken: null }), 400, 'ERROR', 'Only HTTP verb PUT is allowed', itsm.api);
    assertError(await itsm.call('lostPassword', { method: 'PUT', appToken: null, body: { email: 'x@y.example' } }), 400, 'ERROR', 'Email notifications are disabled', itsm.api);
  });
});

describe('ITSM-NG transport rules', () => {
  it('OPTIONS answers 200 with an empty body and the CORS headers asked for, without auth', async () => {
    const res = await itsm.call('User/', {
      method: 'OPTIONS',
      appToken: null,
      headers: { Origin: 'http://x.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'session-token' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'PUT, GET, POST, DELETE, OPTIONS');
    assert.equal(res.headers.get('access-control-allow-headers'), 'origin, content-type, accept, session-token, authorization');
  });

  it('adds Access-Control-Allow-Origin only when the request has an Origin', async () => {
    assert.equal((await itsm.call('User/2', { session: admin })).headers.get('access-control-allow-origin'), null);
    assert.equal((await itsm.call('User/2', { session: admin, headers: { Origin: 'http://x.example' } })).headers.get('access-control-allow-origin'), '*');
  });

  it('an empty path shows the HTML documentation', async () => {
    const res = await fetch(`${itsm.api}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /<html/);
  });

  it('an unknown resource is 400 ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM, before any token check', async () => {
    assertError(await itsm.call('Nope/', { appToken: null }), 400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM', 'resource not found or not an instance of CommonDBTM', itsm.api);
    assertError(await itsm.call('User/2/Nope', { appToken: null }), 400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM');
  });

  it('paths outside apirest.php get the web server 404 page', async () => {
    const res = await fetch(`${itsm.mock.baseUrl}/itsm-ng/front/user.php`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  });

  it('a GET with a body is refused first: ERROR_JSON_PAYLOAD_FORBIDDEN with an empty documentation base', async () => {
    const res = await itsm.raw('GET', 'User/2', '{"a":1}');
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, ['ERROR_JSON_PAYLOAD_FORBIDDEN', 'GET Request should not have json payload (http body); view documentation in your browser at /#ERROR_JSON_PAYLOAD_FORBIDDEN']);
  });

  it('malformed or falsy JSON bodies are ERROR_JSON_PAYLOAD_INVALID (before auth); {} is accepted', async () => {
    for (const raw of ['{bad', '[]', 'null', '0', '""']) {
      assertError(await itsm.call('User/', { method: 'POST', raw, appToken: null }), 400, 'ERROR_JSON_PAYLOAD_INVALID', 'JSON payload seems not valid');
    }
    // no Content-Type at all is read as JSON
    assert.deepEqual(await itsm.raw('POST', 'User/', '{bad'), { status: 400, json: ['ERROR_JSON_PAYLOAD_INVALID', 'JSON payload seems not valid'] });
    // another Content-Type: the body is ignored
    assertError(await itsm.call('User/', { method: 'POST', raw: '{bad', contentType: 'text/plain', appToken: null }), 400, 'ERROR_APP_TOKEN_PARAMETERS_MISSING');
    const empty = await itsm.call('changeActiveEntities', { method: 'POST', raw: '{}', session: admin });
    assert.equal(empty.status, 200);
  });

  it('injected faults use the product error shape; "expire" answers as an invalid session', async () => {
    const add = await fetch(`${itsm.mock.baseUrl}/_mock/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ product: 'itsm-ng', status: 503, times: 1 }) });
    assert.equal(add.status, 201);
    assertError(await itsm.call('User/2', { session: admin }), 503, 'ERROR', 'Service Unavailable', itsm.api);
    await fetch(`${itsm.mock.baseUrl}/_mock/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ product: 'itsm-ng', expire: true, times: 1 }) });
    assertError(await itsm.call('User/2', { session: admin }), 401, 'ERROR_SESSION_TOKEN_INVALID', 'session_token seems invalid');
    assert.equal((await itsm.call('User/2', { session: admin })).status, 200);
  });

  it('a reset drops every session', async () => {
    const token = await itsm.login();
    await itsm.reset();
    assertError(await itsm.call('getFullSession', { session: token }), 401, 'ERROR_SESSION_TOKEN_INVALID');
    admin = await itsm.login();
  });
});
