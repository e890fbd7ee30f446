export declare const STARTUP_RACE: string;
export declare const STARTUP_ATTEMPTS: number;
export declare function runHarness(harness: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<number>;
