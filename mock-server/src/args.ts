import { parseArgs } from 'node:util';
import { CREDENTIAL_SPECS, defaultConfig, type MockConfig } from './config.js';
import { parseFaultText, type FaultSpec } from './control/faults.js';

export type ParsedArgs =
  | { kind: 'run'; config: MockConfig; faults: FaultSpec[] }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

const MAX_USERS = 1_000_000;

export function helpText(): string {
  const d = defaultConfig();
  const creds = CREDENTIAL_SPECS.map((s) => `  ${`${s.flag} VALUE`.padEnd(30)}${s.help} (default ${s.default}; env ${s.env})`);
  return [
    'Usage: user-directory-mock [options]',
    '',
    'A mock server that answers as ITSM-NG, Foreman, Snipe-IT, ServiceDesk Plus and privacyIDEA do.',
    '',
    'Options:',
    `  --host HOST                   address to bind (default ${d.host}; anything but loopback is reachable from the network)`,
    `  --port N                      port to listen on, 0 for any free port (default ${d.port})`,
    `  --data DIR                    persist data in DIR, created if missing (default ${d.dataDir})`,
    '  --in-memory                   keep data in memory only; nothing is written to disk',
    `  --seed N                      seed for the generated data; same seed, same data (default ${d.seed})`,
    `  --users N                     people to generate per product, 0-${MAX_USERS} (default ${d.users})`,
    `  --body-limit BYTES            largest request body accepted (default ${d.bodyLimit})`,
    '  --latency MS | MIN-MAX        delay every product answer (fixed, or random in a range)',
    `  --idle-collect SECONDS        empty the answer caches and collect garbage once the server has been quiet this long after start-up or requests, and a product's caches once that product has been, 0 = never (default ${d.idleCollectSeconds})`,
    '  --fault SPEC                  inject a fault; repeatable. SPEC is JSON or key=value pairs, e.g.',
    '                                "product=foreman,status=503,every=3,retry-after=5" (see README, Faults)',
    ...creds,
    '  -h, --help                    show this help',
    '',
    'Seeded data is used only when DIR holds no data yet; POST /_mock/reset reseeds a running server.',
    'SIGINT/SIGTERM finish in-flight writes, then exit 0.',
  ].join('\n');
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new Error(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const options = {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    'in-memory': { type: 'boolean' },
    seed: { type: 'string' },
    users: { type: 'string' },
    'body-limit': { type: 'string' },
    latency: { type: 'string' },
    'idle-collect': { type: 'string' },
    fault: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(CREDENTIAL_SPECS.map((s) => [s.flag.slice(2), { type: 'string' }])),
  } as const;
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(--?[\w-]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { kind: 'error', message: `unknown flag ${flag ?? ''}`.trim() };
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { kind: 'error', message: `${flag ?? 'a flag'} needs a value` };
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { kind: 'error', message: `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trim() };
    return { kind: 'error', message: err.message.split('\n')[0] };
  }
  if (values.help) return { kind: 'help', text: helpText() };

  const config = defaultConfig(env);
  const faults: FaultSpec[] = [];
  try {
    if (values.data !== undefined && values['in-memory']) throw new Error('use either --data DIR or --in-memory, not both');
    if (typeof values.host === 'string') {
      if (!values.host.trim()) throw new Error('--host needs an address');
      config.host = values.host;
    }
    if (typeof values.port === 'string') config.port = integer('--port', values.port, 0, 65535);
    if (typeof values.data === 'string') {
      if (!values.data.trim()) throw new Error('--data needs a directory');
      config.dataDir = values.data;
    }
    if (values['in-memory']) config.dataDir = undefined;
    if (typeof values.seed === 'string') config.seed = integer('--seed', values.seed, 0, 2 ** 32 - 1);
    if (typeof values.users === 'string') config.users = integer('--users', values.users, 0, MAX_USERS);
    if (typeof values['body-limit'] === 'string') config.bodyLimit = integer('--body-limit', values['body-limit'], 1024, 1024 ** 3);
    if (typeof values['idle-collect'] === 'string') config.idleCollectSeconds = integer('--idle-collect', values['idle-collect'], 0, 86_400);
    if (typeof values.latency === 'string') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(values.latency);
      if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) throw new Error(`--latency must be MS or MIN-MAX, got "${values.latency}"`);
      faults.push({ product: '*', latencyMs: m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])] });
    }
    for (const text of (values.fault as string[] | undefined) ?? []) {
      try {
        faults.push(parseFaultText(text));
      } catch (e) {
        throw new Error(`--fault "${text}": ${(e as Error).message}`);
      }
    }
    for (const s of CREDENTIAL_SPECS) {
      const value = values[s.flag.slice(2)];
      if (typeof value !== 'string') continue;
      if (!value) throw new Error(`${s.flag} needs a non-empty value`);
      (config.credentials[s.product] as Record<string, string>)[s.key] = value;
    }
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
  return { kind: 'run', config, faults };
}
