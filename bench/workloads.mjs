import { httpFetch as fetch } from './http-fetch.mjs';

// What the benchmark asks each product, in the product's own API. Placeholders filled per request
// by the wrk script: __N__ (a unique number), __ID__ (a random existing user id), __Q__ (a query).
const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const sdpInput = (value) => encodeURIComponent(JSON.stringify(value)).replace(/__(N|ID|Q)__/g, '__$1__');

export const WORKLOADS = {
  'itsm-ng': {
    title: 'ITSM-NG',
    usersTable: 'users',
    async headers(base) {
      const res = await fetch(`${base}/itsm-ng/apirest.php/initSession`, { headers: { 'App-Token': 'mock-app-token', Authorization: basic('glpi', 'glpi') } });
      return { ...json, 'App-Token': 'mock-app-token', 'Session-Token': (await res.json()).session_token };
    },
    list: '/itsm-ng/apirest.php/User/?range=0-49',
    get: '/itsm-ng/apirest.php/User/__ID__',
    search: '/itsm-ng/apirest.php/search/User/?criteria%5B0%5D%5Bfield%5D=1&criteria%5B0%5D%5Bsearchtype%5D=contains&criteria%5B0%5D%5Bvalue%5D=__Q__&range=0-49',
    create: { method: 'POST', path: '/itsm-ng/apirest.php/User/', body: '{"input":{"name":"bench-__N__","realname":"Bench","firstname":"User __N__"}}' },
    update: { method: 'PUT', path: '/itsm-ng/apirest.php/User/__ID__', body: '{"input":{"phone":"+1 555 __N__"}}' },
    /** Ids to read and update: a sample from pages across the whole list. */
    idsFrom: (body) => body.map((u) => u.id),
    idPage: (offset) => `/itsm-ng/apirest.php/User/?range=${offset}-${offset + 99}&only_id=true`,
  },
  foreman: {
    title: 'Foreman',
    usersTable: 'users',
    async headers() {
      return { ...json, Accept: 'application/json;version=2', Authorization: basic('admin', 'changeme') };
    },
    list: '/foreman/api/users?per_page=50',
    get: '/foreman/api/users/__ID__',
    search: '/foreman/api/users?per_page=50&search=login%20~%20__Q__',
    // users of the LDAP source (id 3) need no password: the figure is the store, not the password hash
    create: { method: 'POST', path: '/foreman/api/users', body: '{"user":{"login":"bench__N__","mail":"bench__N__@example.com","auth_source_id":3,"firstname":"Bench"}}' },
    update: { method: 'PUT', path: '/foreman/api/users/__ID__', body: '{"user":{"description":"bench __N__"}}' },
    idsFrom: (body) => body.results.filter((u) => !u.admin).map((u) => u.id),
    idPage: (offset) => `/foreman/api/users?per_page=100&page=${Math.floor(offset / 100) + 1}`,
  },
  'snipe-it': {
    title: 'Snipe-IT',
    usersTable: 'users',
    async headers() {
      return { ...json, Authorization: 'Bearer mock-snipe-it-token' };
    },
    list: '/snipe-it/api/v1/users?limit=50',
    get: '/snipe-it/api/v1/users/__ID__',
    search: '/snipe-it/api/v1/users?limit=50&search=__Q__',
    // LDAP-imported users need no password: the figure is the store, not the password hash
    create: { method: 'POST', path: '/snipe-it/api/v1/users', body: '{"first_name":"Bench","last_name":"__N__","username":"bench__N__","ldap_import":true,"activated":true}' },
    update: { method: 'PATCH', path: '/snipe-it/api/v1/users/__ID__', body: '{"jobtitle":"bench __N__"}' },
    idsFrom: (body) => body.rows.map((u) => u.id),
    idPage: (offset) => `/snipe-it/api/v1/users?limit=100&offset=${offset}&sort=id&order=asc`,
  },
  'servicedesk-plus': {
    title: 'ServiceDesk Plus',
    usersTable: 'users',
    async headers() {
      return { authtoken: 'mock-sdp-authtoken', Accept: 'application/vnd.manageengine.sdp.v3+json', 'Content-Type': 'application/x-www-form-urlencoded' };
    },
    list: `/servicedesk-plus/api/v3/users?input_data=${sdpInput({ list_info: { row_count: 50 } })}`,
    get: '/servicedesk-plus/api/v3/users/__ID__',
    search: `/servicedesk-plus/api/v3/users?input_data=${sdpInput({ list_info: { row_count: 50, get_total_count: true, search_criteria: { field: 'name', condition: 'contains', value: '__Q__' } } })}`,
    create: { method: 'POST', path: '/servicedesk-plus/api/v3/users', body: `input_data=${sdpInput({ user: { name: 'Bench User __N__', login_name: 'bench__N__' } })}` },
    update: { method: 'PUT', path: '/servicedesk-plus/api/v3/users/__ID__', body: `input_data=${sdpInput({ user: { phone: '555-__N__' } })}` },
    idsFrom: (body) => body.users.map((u) => u.id),
    idPage: (offset) => `/servicedesk-plus/api/v3/users?input_data=${sdpInput({ list_info: { start_index: offset + 1, row_count: 100 }, fields_required: ['name'] })}`,
  },
  privacyidea: {
    title: 'privacyIDEA',
    usersTable: 'sql_users',
    async headers(base) {
      const res = await fetch(`${base}/privacyidea/auth`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password: 'admin' }) });
      // no Content-Type: privacyIDEA fails a GET whose empty body is declared as JSON (the extension
      // sends the header only with a body); POST/PUT bodies that parse as a JSON object are read anyway
      return { Accept: 'application/json', Authorization: (await res.json()).result.value.token };
    },
    // no paging in privacyIDEA: a resolver answers at most its size limit (500 rows)
    list: '/privacyidea/user/?resolver=local-sql',
    get: '/privacyidea/user/?resolver=local-sql&username=__ID__',
    search: '/privacyidea/user/?username=*__Q__*',
    create: { method: 'POST', path: '/privacyidea/user/', body: '{"user":"bench__N__","resolver":"local-sql","givenname":"Bench","surname":"User __N__"}' },
    update: { method: 'PUT', path: '/privacyidea/user/', body: '{"user":"__ID__","resolver":"local-sql","phone":"+1 555 __N__"}' },
    idsFrom: (body) => body.result.value.map((u) => u.username),
    idPage: (offset) => `/privacyidea/user/?resolver=local-sql&username=${'abcdefghijklmnopqrstuvwxyz'[offset % 26]}*`,
  },
};

/** Three-letter pieces of names, for searches that differ from one request to the next. */
export const DISTINCT_QUERIES = [
  'ada', 'ale', 'ali', 'ama', 'ami', 'ana', 'and', 'ani', 'ann', 'ant', 'ari', 'arj', 'ast', 'ays', 'bea', 'ben', 'bia', 'bjo', 'bog', 'bru',
  'cam', 'car', 'che', 'chi', 'chl', 'cla', 'dan', 'dar', 'dav', 'dee', 'die', 'dmi', 'ele', 'eli', 'eme', 'emi', 'emm', 'enz', 'eri', 'est',
  'fat', 'fel', 'fer', 'fio', 'fra', 'fre', 'gab', 'gra', 'gre', 'han', 'has', 'hel', 'hen', 'hir', 'hug', 'ibr', 'ine', 'ing', 'isa', 'iva',
  'jak', 'jam', 'jan', 'jav', 'joa', 'joh', 'jon', 'jor', 'jos', 'jul', 'kam', 'kar', 'ken', 'kla', 'kof', 'lar', 'lau', 'lay', 'lei', 'leo',
  'lia', 'lin', 'luc', 'lui', 'maj', 'mal', 'mar', 'mat', 'mei', 'mia', 'mig', 'mik', 'moh', 'nad', 'nao', 'nia', 'nik', 'nil', 'noa', 'nor',
  'olg', 'oli', 'oma', 'osc', 'pao', 'pat', 'pau', 'ped', 'pet', 'pie', 'pri', 'raf', 'rah', 'rav', 'ros', 'rut', 'sak', 'sam', 'sar', 'seb',
  'ser', 'sof', 'sop', 'ste', 'sve', 'tar', 'tom', 'val', 'vic', 'wei', 'yar', 'yus', 'zai', 'bau', 'bec', 'bia', 'bro', 'car', 'che', 'cos',
  'dub', 'dup', 'eri', 'fer', 'fis', 'fon', 'gar', 'gom', 'gon', 'gup', 'had', 'han', 'hof', 'hor', 'hos', 'iva', 'jan', 'jen', 'joh', 'jon',
  'kau', 'kha', 'kim', 'kle', 'kow', 'kum', 'lar', 'lau', 'lee', 'lef', 'lin', 'lop', 'mar', 'mey', 'mul', 'mwa', 'nak', 'ngu', 'nie', 'obr',
  'oka', 'ols', 'par', 'pat', 'per', 'pet', 'pop', 'ram', 'ros', 'rus', 'san', 'sat', 'sch', 'sil', 'sin', 'smi', 'son', 'suz', 'sve', 'tak',
];
