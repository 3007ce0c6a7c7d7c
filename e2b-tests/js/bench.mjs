// One measurement for the benchmark harness (benchmarks/, scenario "e2b"): create-to-first-command through the real
// e2b SDK. Prints {"createToFirstCommandMs": ..., "createMs": ..., "firstCommandMs": ...} on its last line.
import { Sandbox } from 'e2b'

const t0 = performance.now()
const sandbox = await Sandbox.create('base')
const created = performance.now()
try {
  const result = await sandbox.commands.run('echo ok')
  const done = performance.now()
  if (result.stdout !== 'ok\n') throw new Error(`unexpected output: ${JSON.stringify(result.stdout)}`)
  console.log(JSON.stringify({ createToFirstCommandMs: done - t0, createMs: created - t0, firstCommandMs: done - created }))
} finally {
  await sandbox.kill()
}
