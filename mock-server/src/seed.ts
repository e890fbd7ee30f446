import { createHash } from 'node:crypto';
import type { MockConfig } from './config.js';
import type { ProductModule } from './products/product.js';
import { Random } from './seed/random.js';
import { createRoster, type Person } from './seed/roster.js';
import { SNAPSHOT_FORMAT, type Snapshot } from './store/snapshot.js';

/** What a seed is made from: `--seed` and `--users`. */
export interface SeedSource {
  seed: number;
  users: number;
}

/**
 * Seeds products one after another from one roster, made on first need and dropped with this object
 * (at 100,000 people it is worth neither making twice nor keeping).
 */
export class Seeder {
  private roster: readonly Person[] | undefined;

  constructor(
    readonly source: SeedSource,
    private readonly config: MockConfig,
  ) {}

  seed(product: ProductModule): Promise<Snapshot> {
    this.roster ??= createRoster(this.source.seed, this.source.users);
    return seedProduct(product, this.roster, this.source, this.config);
  }
}

/** A product's own random stream, so that adding a product never shifts another's data. */
export function productRandom(seed: number, product: string): Random {
  const h = createHash('sha256').update(`${seed}:${product}`).digest();
  return new Random(h.readUInt32LE(0));
}

/** A product's initial snapshot for this seed: deterministic, the same bytes for the same inputs. */
export async function seedProduct(
  product: ProductModule,
  roster: readonly Person[],
  source: SeedSource,
  config: MockConfig,
): Promise<Snapshot> {
  const seeded = await product.seed(roster, productRandom(source.seed, product.id), config);
  return {
    format: SNAPSHOT_FORMAT,
    product: product.id,
    seq: 0,
    seed: { seed: source.seed, users: source.users },
    meta: seeded.meta ?? {},
    tables: seeded.tables,
  };
}
