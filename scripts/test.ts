/**
 * `npm test`: the static checks (`typecheck`, `lint`, `format:check`) and the test suite, side
 * by side. Run one after another before the suite, the checks added ≈ 40 s to a ≈ 10-minute run
 * (58 s of CPU); the suite leaves about 10 % of two cores idle (vmstat, every 5 s, over its
 * heavy phase), so the checks run beside it at a lower OS priority (nice 10) and mostly fill
 * that time. A check's output is printed when it ends, with its verdict; the suite's streams as
 * it runs. Exits non-zero if any part failed. `--no-checks` runs the suite alone
 * (`npm run test:unit` does too).
 */
import { spawn } from 'node:child_process';
import { platform } from 'node:os';

const CHECKS = ['typecheck', 'lint', 'format:check'] as const;
/** nice(1) where there is one; elsewhere the checks run at normal priority. */
const NICE = platform() === 'win32' ? [] : ['nice', '-n', '10'];
const NPM = platform() === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command; resolves with its exit code and, when captured, its output. */
function run(
  command: string[],
  capture: boolean,
): Promise<{ code: number; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [file = '', ...args] = command;
    const child = spawn(file, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number) =>
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    child.on('error', (error) => {
      output += `${error.message}\n`;
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const withChecks = !process.argv.includes('--no-checks');
const checks = withChecks
  ? CHECKS.map(async (name) => {
      const r = await run([...NICE, NPM, 'run', '--silent', name], true);
      const verdict = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
      process.stdout.write(
        `\n── npm test: ${name} ${verdict} in ${r.seconds.toFixed(1)} s\n${r.code === 0 ? '' : r.output}`,
      );
      return { name, code: r.code };
    })
  : [];
const suite = run(
  [NPM, 'exec', '--', 'vitest', 'run', ...process.argv.slice(2).filter((a) => a !== '--no-checks')],
  false,
);
const results = [...(await Promise.all(checks)), { name: 'vitest run', code: (await suite).code }];
const failed = results.filter((r) => r.code !== 0);
process.stdout.write(
  `\n── npm test: ${failed.length ? `FAILED: ${failed.map((r) => r.name).join(', ')}` : `passed (${results.map((r) => r.name).join(', ')})`}\n`,
);
process.exitCode = failed.length ? 1 : 0;
