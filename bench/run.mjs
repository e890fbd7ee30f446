// `npm run bench`: the mock server at scale against a bare Hono ceiling, in one run, with wrk on
// loopback. Prints a table and writes bench/results.json. Figures are ratios measured in this run.
//   BENCH_USERS (100000), BENCH_SECONDS (10 per workload), BENCH_PRODUCTS (all), BENCH_VSCODE=0 skips VS Code,
//   BENCH_IDLE_SECONDS (60: how long the server idles before its resident memory is read), BENCH_ROUNDS (3: starts
//   on the seeded data, turns the mock and its ceiling take on each read workload, and rounds of reads during
//   writes; medians are judged).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpFetch } from './http-fetch.mjs';
import { DISTINCT_QUERIES, WORKLOADS } from './workloads.mjs';
import { measureExtension } from './extension-bench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRODUCTS = (process.env.BENCH_PRODUCTS ?? Object.keys(WORKLOADS).join(',')).split(',').filter((p) => WORKLOADS[p]);
const work = mkdtempSync(join(tmpdir(), 'udm-bench-'));

// ---------- tools ----------

function ensureWrk() {
  if (spawnSync('wrk', ['-v']).error === undefined) return;
  console.log('installing wrk (Debian package)…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], { stdio: 'inherit' });
  execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

// The bench measures the server, not Snipe-IT's per-user throttle (100,000 a minute by default, which a
// fast run exceeds); the throttle itself is covered by the Snipe-IT tests.
const SERVER_ENV = { ...process.env, USER_DIRECTORY_MOCK_SNIPE_IT_API_THROTTLE_PER_MINUTE: '1000000000' };

function startProcess(args, ready) {
  const child = spawn(process.execPath, args, { cwd: root, env: SERVER_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => process.stderr.write(d));
  const started = performance.now();
  return new Promise((done, fail) => {
    child.on('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
    const check = () => {
      const m = ready.exec(out);
      if (!m) return;
      child.stdout.off('data', check);
      child.removeAllListeners('exit');
      done({ child, url: m[1], ms: performance.now() - started, output: () => out });
    };
    child.stdout.on('data', check);
  });
}

const startMock = (args) => startProcess(['dist/mock-server.js', '--port', '0', ...args], /Mock server listening on (http:\/\/\S+)[\s\S]*Control API/);

function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return undefined;
  }
}

/**
 * Where the resident memory is, from /proc/<pid>/smaps: the main malloc arena (`[heap]`: Node's own
 * allocations and the bytes of Buffers and typed arrays), anonymous mappings (V8's heap pages, among
 * others) and mapped files (the node binary and its libraries).
 */
function memoryMap(pid) {
  const mb = { rss: rssMb(pid), mallocArena: 0, anonymous: 0, files: 0 };
  let kind = 'anonymous';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) kind = mapping[1] === '[heap]' ? 'mallocArena' : mapping[1].startsWith('/') ? 'files' : 'anonymous';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) mb[kind] += Number(rss[1]);
  }
  for (const k of ['mallocArena', 'anonymous', 'files']) mb[k] = Math.round(mb[k] / 1024);
  return mb;
}

const place = (m) => `${m.mallocArena} / ${m.anonymous} / ${m.files}`;

/**
 * RSS after a minute without requests: what an idle server holds once the background warm-up has run
 * and V8's memory reducer (which starts after some idle seconds) has given back the heap's free pages.
 */
async function idleRss(pid, seconds = IDLE_SECONDS) {
  await new Promise((done) => setTimeout(done, seconds * 1000));
  return rssMb(pid);
}

/** CPU time (user + system) the process has used, in clock ticks. */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces), from the closing parenthesis on
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to 30 s) until the server has been quiet for half a second: the previous product's writes
 * leave background work (a snapshot compaction, a full collection) that would otherwise land on the next
 * product's reads. Returns how long it waited, reported with the results.
 */
async function settle(pid) {
  const started = performance.now();
  let last = cpuTicks(pid);
  while (last !== undefined && performance.now() - started < 30_000) {
    await new Promise((done) => setTimeout(done, 500));
    const now = cpuTicks(pid);
    // under 5% of one core over the half second (clock ticks are 1/100 s)
    if (now === undefined || now - last <= 2) break;
    last = now;
  }
  return +((performance.now() - started) / 1000).toFixed(1);
}

/** The run with the median req/s, or the median of `by` (the upper middle one of an even number). */
const median = (runs, by = (run) => run.rps) => [...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)];

const lua = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

let wrkRuns = 0;

/**
 * wrk's arguments for a generated script. `__N__` in a path or body becomes a number unique across the
 * whole bench, so creates never collide; `__ID__` a random id of `ids`, `__Q__` a random query.
 */
function wrkArgs({ url, method = 'GET', path, body, headers, ids = ['1'], queries = ['a'], connections = 32, seconds = SECONDS }) {
  const run = ++wrkRuns;
  const script = join(work, `wrk-${run}.lua`);
  writeFileSync(
    script,
    `local ids = {${ids.map((i) => lua(String(i))).join(',')}}
local queries = {${queries.map((q) => lua(encodeURIComponent(q))).join(',')}}
local method, path, body = ${lua(method)}, ${lua(path)}, ${body === undefined ? 'nil' : lua(body)}
local headers = {${Object.entries(headers ?? {}).map(([k, v]) => `[${lua(k)}]=${lua(v)}`).join(',')}}
local next_tid = 1
function setup(thread) thread:set("tid", next_tid); next_tid = next_tid + 1 end
local counter = 0
local function fill(s)
  if s == nil then return nil end
  s = (s:gsub("__N__", tostring(${run} * 100000000 + counter)))
  s = (s:gsub("__ID__", ids[math.random(#ids)]))
  s = (s:gsub("__Q__", queries[math.random(#queries)]))
  return s
end
function init(args) math.randomseed(os.time() + (tid or 1)) end
function request()
  counter = counter + 1
  return wrk.format(method, fill(path), headers, fill(body))
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("\\nRESULT %d %d %d %d %d %d\\n", summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
end
`,
  );
  return ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url];
}

/** req/s, p50/p99 (ms), acknowledged and failed requests, from the output of a `wrkArgs` script. */
function wrkResult(out, { method = 'GET', path }) {
  const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out ?? '');
  if (!m) throw new Error(`wrk gave no result for ${method} ${path}:\n${out}`);
  const [requests, non2xx, socketErrors, durationUs, p50, p99] = m.slice(1).map(Number);
  return { rps: Math.round(((requests - non2xx - socketErrors) * 1e6) / durationUs), p50: p50 / 1000, p99: p99 / 1000, acknowledged: requests - non2xx, failed: non2xx + socketErrors };
}

/** Runs wrk (see `wrkArgs`) and waits for it. */
function wrk(options) {
  return wrkResult(spawnSync('wrk', wrkArgs(options), { encoding: 'utf8' }).stdout, options);
}

/** The same, alongside other work. */
function wrkInBackground(options) {
  const child = spawn('wrk', wrkArgs(options), { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', () => {
      try {
        done(wrkResult(out, options));
      } catch (e) {
        fail(e);
      }
    });
  });
}

async function sample(base, path, headers) {
  return (await sampleAnswer(base, path, headers)).body;
}

/** The product's answer: its body, and the headers it sets itself (not those Node adds to every answer). */
async function sampleAnswer(base, path, headers) {
  const res = await httpFetch(`${base}${path}`, { headers });
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const own = Object.fromEntries(Object.entries(res.headers.raw).filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)));
  return { body: await res.text(), headers: own };
}

/** Stored users of a product, from the mock's own statistics (the same for every product). */
async function userCount(base, product) {
  const stats = await (await httpFetch(`${base}/_mock/stats`)).json();
  return stats.products[product][WORKLOADS[product].usersTable];
}

// ---------- the run ----------

ensureWrk();
const results = { date: new Date().toISOString(), users: USERS, secondsPerWorkload: SECONDS, machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, products: {} };
const dataDir = join(work, 'data');

console.log(`Seeding ${USERS} users per product…`);
let mock = await startMock(['--data', dataDir, '--users', String(USERS)]);
results.seedSeconds = +(mock.ms / 1000).toFixed(2);
await stop(mock.child);
// Start-up, ROUNDS times (the median is judged, every start kept): one start on two cores moves by a
// tenth or more from one to the next. The last server started stays up for the rest of the bench.
const starts = [];
for (let i = 0; i < ROUNDS; i++) {
  if (i > 0) await stop(mock.child);
  mock = await startMock(['--data', dataDir]);
  starts.push(+(mock.ms / 1000).toFixed(2));
}
results.startupSeconds = median(starts, (x) => x);
results.startupRounds = starts;
results.rssAfterStartMb = rssMb(mock.child.pid);
results.rssIdleAfterStartMb = await idleRss(mock.child.pid);
results.dataDirMb = Math.round(readdirSync(dataDir).reduce((n, f) => n + (statSync(join(dataDir, f)).isFile() ? statSync(join(dataDir, f)).size : 0), 0) / 1e6);
const bare = await startProcess(['bench/bare-hono.mjs'], /bare hono listening on (http:\/\/\S+)/);

const ratio = (a, b) => +(a / b).toFixed(2);
// Reads first, on the seeded data: every product then holds exactly the users the targets are defined
// for. Writes come after, product by product; a product's reads measured after other products' write
// load would be measured on a bigger, busier server (and on more users than the targets speak of).
const sessions = {};
for (const id of PRODUCTS) {
  const w = WORKLOADS[id];
  const settledSeconds = await settle(mock.child.pid);
  console.log(`\n${w.title}: reads (after ${settledSeconds} s for the server to settle)`);
  const headers = await w.headers(mock.url);
  const ids = [];
  for (const offset of [0, Math.floor(USERS / 3), Math.floor((2 * USERS) / 3)]) ids.push(...w.idsFrom(JSON.parse(await sample(mock.url, w.idPage(offset), headers))));
  const r = {};
  const register = async (path, answer, withHeaders) =>
    httpFetch(`${bare.url}/__body?path=${encodeURIComponent(path)}${withHeaders ? `&headers=${encodeURIComponent(JSON.stringify(answer.headers))}` : ''}`, { method: 'PUT', body: answer.body });
  const read = async (name, path, queries) => {
    const concrete = path.replace('__ID__', String(ids[0])).replace('__Q__', encodeURIComponent(queries?.[0] ?? ''));
    const answer = await sampleAnswer(mock.url, concrete, headers);
    const isGet = path === w.get;
    await register(concrete, answer, false);
    const constant = wrk({ url: bare.url, path: concrete, headers });
    // The ceiling the targets are judged on: the same body with only a content type; for get by id, as the
    // issue defines it, a Map of as many users answered with c.json. It and the mock take turns, ROUNDS
    // times, and the medians are compared: on two cores a run can land in a slower regime (see README).
    if (isGet) await registerUsers(path);
    const ceilings = [];
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) {
      ceilings.push(isGet ? wrk({ url: bare.url, path, headers, ids }) : i === 0 ? constant : wrk({ url: bare.url, path: concrete, headers }));
      runs.push(wrk({ url: mock.url, path, headers, ids, queries }));
    }
    if (isGet) await httpFetch(`${bare.url}/__users`, { method: 'DELETE' });
    const ceiling = median(ceilings);
    const got = median(runs);
    // and, for reference, the same body with the product's own headers (what Node's HTTP layer costs for them)
    await register(concrete, answer, true);
    const withHeaders = wrk({ url: bare.url, path: concrete, headers });
    r[name] = {
      rps: got.rps,
      p50: got.p50,
      p99: got.p99,
      ceilingRps: ceiling.rps,
      ratio: ratio(got.rps, ceiling.rps),
      rounds: { rps: runs.map((x) => x.rps), ceilingRps: ceilings.map((x) => x.rps) },
      ...(isGet ? { constantCeilingRps: constant.rps, ratioToConstantCeiling: ratio(got.rps, constant.rps) } : {}),
      ceilingWithHeadersRps: withHeaders.rps,
      ratioToCeilingWithHeaders: ratio(got.rps, withHeaders.rps),
    };
    const vsConstant = isGet ? `; ${Math.round(r[name].ratioToConstantCeiling * 100)}% of ${constant.rps} for one constant body` : '';
    console.log(
      `  ${name.padEnd(18)} ${String(got.rps).padStart(7)} req/s  p50 ${got.p50.toFixed(1)} ms  p99 ${got.p99.toFixed(1)} ms  (${Math.round(r[name].ratio * 100)}% of ${ceiling.rps}${vsConstant}; ${Math.round(r[name].ratioToCeilingWithHeaders * 100)}% of ${withHeaders.rps} with the product's headers; rounds ${runs.map((x) => x.rps).join('/')} vs ${ceilings.map((x) => x.rps).join('/')})`,
    );
  };
  const registerUsers = async (path) => {
    const sampled = {};
    for (const id of ids) sampled[id] = JSON.parse(await sample(mock.url, path.replace('__ID__', String(id)), headers));
    await httpFetch(`${bare.url}/__users?template=${encodeURIComponent(path)}&count=${USERS}`, { method: 'PUT', body: JSON.stringify(sampled) });
  };
  await read('list page of 50', w.list);
  await read('get by id', w.get);
  await read('search, repeated', w.search, ['mar']);
  await read('search, distinct', w.search, DISTINCT_QUERIES);
  results.products[id] = { ...r, readsSettledSeconds: settledSeconds };
  sessions[id] = { headers, ids };
}
// still 100,000 users a product, with every read workload's indexes and caches built: right after the
// last read (its garbage still there), and once the server has idled as it does after start and load
results.memoryAfterReads = memoryMap(mock.child.pid);
results.rssIdleAfterReadsMb = await idleRss(mock.child.pid);
results.memoryIdleAfterReads = memoryMap(mock.child.pid);

// Writes in two phases. Updates first, every product's: the server still holds exactly the users the
// targets are defined for, so its memory right after that load is judged like the reads'. Creates after:
// they add users (how many depends on the machine's speed), so the memory
// read after them is reported with that count, for reference.
const write = (r, name, spec, headers, ids, connections) => {
  const got = wrk({ url: mock.url, method: spec.method, path: spec.path, body: spec.body, headers, ids, connections });
  r[name] = { rps: got.rps, p50: got.p50, p99: got.p99, failed: got.failed };
  console.log(`  ${name.padEnd(18)} ${String(got.rps).padStart(7)} writes/s  p50 ${got.p50.toFixed(1)} ms  p99 ${got.p99.toFixed(1)} ms${got.failed ? `  (${got.failed} failed)` : ''}`);
  return got;
};
for (const id of PRODUCTS) {
  const w = WORKLOADS[id];
  const { headers, ids } = sessions[id];
  const r = results.products[id];
  const settledSeconds = await settle(mock.child.pid);
  console.log(`\n${w.title}: updates (after ${settledSeconds} s for the server to settle)`);
  write(r, 'update, 1 client', w.update, headers, ids, 1);
  write(r, 'update, 32 clients', w.update, headers, ids, 32);

  // reads while 32 clients write, ROUNDS times: like a read workload's req/s, the p99 of a few seconds on
  // two cores moves a lot from one run to the next, so the median round is judged and every round kept
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const writing = wrkInBackground({ url: mock.url, method: w.update.method, path: w.update.path, body: w.update.body, headers, ids });
    const reads = wrk({ url: mock.url, path: w.get, headers, ids, connections: 4 });
    const writes = await writing;
    rounds.push({ ...reads, writes: writes.rps, writesFailed: writes.failed });
  }
  const during = median(rounds, (round) => round.p99);
  r['get during writes'] = {
    rps: during.rps,
    p50: during.p50,
    p99: during.p99,
    writes: during.writes,
    rounds: { p99: rounds.map((x) => x.p99), rps: rounds.map((x) => x.rps), writes: rounds.map((x) => x.writes), writesFailed: rounds.map((x) => x.writesFailed) },
  };
  console.log(
    `  ${'get during writes'.padEnd(18)} ${String(during.rps).padStart(7)} req/s  p99 ${during.p99.toFixed(1)} ms  while ${during.writes} updates/s  (median round; rounds ${rounds.map((x) => x.p99.toFixed(1)).join('/')} ms)`,
  );
  r.updatesSettledSeconds = settledSeconds;
}
results.memoryAfterUpdates = memoryMap(mock.child.pid);

for (const id of PRODUCTS) {
  const w = WORKLOADS[id];
  const { headers, ids } = sessions[id];
  const r = results.products[id];
  const settledSeconds = await settle(mock.child.pid);
  console.log(`\n${w.title}: creates (after ${settledSeconds} s for the server to settle)`);
  const before = await userCount(mock.url, id);
  const acked = write(r, 'create, 1 client', w.create, headers, ids, 1).acknowledged + write(r, 'create, 32 clients', w.create, headers, ids, 32).acknowledged;
  Object.assign(r, { acknowledgedCreates: acked, countBefore: before, createsSettledSeconds: settledSeconds });
}

// For reference, not a target: get by id again once every product has taken its write load, against the
// ceiling measured in the read phase. The server now holds the created users and has run the writes.
console.log('\nget by id after the write load');
for (const id of PRODUCTS) {
  const w = WORKLOADS[id];
  const { headers, ids } = sessions[id];
  const r = results.products[id];
  await settle(mock.child.pid);
  const got = wrk({ url: mock.url, path: w.get, headers, ids });
  r['get by id after writes'] = { rps: got.rps, p50: got.p50, p99: got.p99, ratio: ratio(got.rps, r['get by id'].ceilingRps) };
  console.log(`  ${w.title.padEnd(18)} ${String(got.rps).padStart(7)} req/s  p99 ${got.p99.toFixed(1)} ms  (${Math.round(r['get by id after writes'].ratio * 100)}% of the read phase's ceiling, ${r['get by id'].rps} req/s then)`);
}
results.rssAfterLoadMb = rssMb(mock.child.pid);
results.usersCreated = PRODUCTS.reduce((n, p) => n + results.products[p].acknowledgedCreates, 0);
results.rssIdleAfterLoadMb = await idleRss(mock.child.pid);
results.memoryIdleAfterLoad = memoryMap(mock.child.pid);

// every acknowledged create must be there after a restart
await stop(mock.child);
const restarted = await startMock(['--data', dataDir]);
for (const id of PRODUCTS) {
  const p = results.products[id];
  const after = await userCount(restarted.url, id);
  p.countAfterRestart = after;
  p.lostWrites = Math.max(0, p.countBefore + p.acknowledgedCreates - after);
}
results.restartSeconds = +(restarted.ms / 1000).toFixed(2);
await stop(restarted.child);
await stop(bare.child);

results.extension = await measureExtension(root, USERS, dataDir);
rmSync(work, { recursive: true, force: true });

// ---------- report ----------
const targets = {
  'list page of 50': (x) => x.ratio >= 0.6,
  'get by id': (x) => x.ratio >= 0.8,
  'search, repeated': (x) => x.ratio >= 0.25,
  'search, distinct': (x) => x.ratio >= 0.05,
  'create, 1 client': (x) => x.p50 <= 20,
  'update, 1 client': (x) => x.p50 <= 20,
  'create, 32 clients': (x) => x.rps >= 300,
  'update, 32 clients': (x) => x.rps >= 300,
  'get during writes': (x) => x.p99 <= 50,
};
const lines = ['', `| workload (${USERS.toLocaleString('en')} users) | ${PRODUCTS.map((p) => WORKLOADS[p].title).join(' | ')} |`, `|---|${PRODUCTS.map(() => '---').join('|')}|`];
for (const name of Object.keys(targets)) {
  const cells = PRODUCTS.map((p) => {
    const x = results.products[p][name];
    const ok = targets[name](x) ? '' : ' ✗';
    const constant = 'ratioToConstantCeiling' in x ? `; ${Math.round(x.ratioToConstantCeiling * 100)}% const` : '';
    if ('ratio' in x) return `${x.rps} req/s (${Math.round(x.ratio * 100)}%${constant}; ${Math.round(x.ratioToCeilingWithHeaders * 100)}% w/ headers)${ok}`;
    if (name.startsWith('get during')) return `p99 ${x.p99.toFixed(1)} ms, ${x.rps} req/s while ${x.writes} updates/s (rounds ${x.rounds.p99.map((p) => p.toFixed(1)).join('/')} ms)${ok}`;
    return `${x.rps}/s, p50 ${x.p50.toFixed(1)} ms${ok}`;
  });
  lines.push(`| ${name} | ${cells.join(' | ')} |`);
}
lines.push(`| get by id after the write load (reference) | ${PRODUCTS.map((p) => { const x = results.products[p]['get by id after writes']; return `${x.rps} req/s (${Math.round(x.ratio * 100)}%)`; }).join(' | ')} |`);
lines.push(`| writes lost after restart | ${PRODUCTS.map((p) => `${results.products[p].lostWrites} of ${results.products[p].acknowledgedCreates}`).join(' | ')} |`);
const e = results.extension;
lines.push(
  '',
  'Ratios (the targets): of bare Hono answering the same body with only a content type; for get by id, of bare Hono answering `c.json` from a Map of as many users, as the issue defines that ceiling ("const": of the constant body). "w/ headers": of bare Hono answering the same constant body and the product\'s own headers.',
  `seed ${USERS.toLocaleString('en')} users × ${PRODUCTS.length} products: ${results.seedSeconds} s · start-up on that data: ${results.startupSeconds} s (median of ${results.startupRounds.join('/')} s; after load: ${results.restartSeconds} s) · RSS ${results.rssAfterStartMb} MB at the banner, ${results.rssIdleAfterStartMb} MB after ${IDLE_SECONDS} s idle; ${results.memoryAfterReads.rss} MB after the reads, ${results.rssIdleAfterReadsMb} MB after ${IDLE_SECONDS} s idle; ${results.memoryAfterUpdates.rss} MB after the updates; ${results.rssAfterLoadMb} MB after the creates and the last reads (with ${results.usersCreated.toLocaleString('en')} users more than seeded), ${results.rssIdleAfterLoadMb} MB after ${IDLE_SECONDS} s idle · data dir ${results.dataDirMb} MB`,
  `where the memory is (MB: main malloc arena / other anonymous memory, V8's heap among it / mapped files): after the reads ${place(results.memoryAfterReads)}; idle after the reads ${place(results.memoryIdleAfterReads)}; after the updates ${place(results.memoryAfterUpdates)}; idle after load ${place(results.memoryIdleAfterLoad)}`,
  `extension: dist/extension.js ${e.bundleKb} KB · activation ${e.activationMs ?? 'n/a'} ms as VS Code counts it (${e.activationWallMs ?? 'n/a'} ms until ext.activate() resolved, with VS Code's context set-up) · first tree page at ${USERS.toLocaleString('en')} users ${e.firstPageMs ?? 'n/a'} ms${e.note ? ` (${e.note})` : ''}`,
);
console.log(lines.join('\n'));
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
