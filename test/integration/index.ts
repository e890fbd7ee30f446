// The tests entry VS Code loads in its extension host (extensionTestsPath), for both
// @vscode/test-electron and the code-server harness: run() resolves when all tests pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000 });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, failures: failed, pending } = runner.stats ?? { passes: 0, failures, pending: 0 };
      console.log(`vscode: ${passes} passed, ${failed} failed, ${pending} skipped`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
