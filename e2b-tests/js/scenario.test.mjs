// The official e2b JavaScript SDK, unchanged, against this platform's E2B-compatible API.
// Needs E2B_API_URL and E2B_SANDBOX_URL (both the gateway) and E2B_API_KEY (a key of the gateway).
// Run: npm ci && node --test   (the Java test E2bSdkIT starts dev mode and runs this)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  Sandbox,
  CommandExitError,
  AuthenticationError,
  FileNotFoundError,
  NotFoundError,
  TimeoutError,
} from 'e2b'

const run = process.env.E2B_TEST_RUN ?? `run-${Date.now()}`

/** Polls `check` until it returns a truthy value or `ms` pass. */
async function eventually(check, ms = 30_000, what = 'condition') {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test('the e2b SDK runs unchanged against the gateway', async (t) => {
  const sandbox = await Sandbox.create('base', {
    timeoutMs: 300_000,
    metadata: { suite: 'e2b-js', run },
    envs: { GREETING: 'hello from envs' },
  })
  const others = []
  try {
    assert.match(sandbox.sandboxId, /^sbx-/)

    await t.test('collected command output, user, home directory and sandbox environment', async () => {
      const result = await sandbox.commands.run('echo hello; echo warning >&2; whoami; pwd; echo "$GREETING"')
      assert.equal(result.exitCode, 0)
      assert.equal(result.stdout, 'hello\nuser\n/home/user\nhello from envs\n')
      assert.equal(result.stderr, 'warning\n')
      const bash = await sandbox.commands.run('echo $BASH_VERSION; cd /tmp && pwd', { envs: { EXTRA: 'x' } })
      assert.match(bash.stdout, /^5\.\d+.*\n\/tmp\n$/)
      const env = await sandbox.commands.run('echo "$EXTRA"', { envs: { EXTRA: 'per command' }, cwd: '/tmp' })
      assert.equal(env.stdout, 'per command\n')
    })

    await t.test('streamed output arrives through callbacks as it is produced', async () => {
      const chunks = []
      const errors = []
      const result = await sandbox.commands.run('for i in 1 2 3; do echo line$i; sleep 0.3; done; echo done >&2', {
        onStdout: (data) => chunks.push({ data, at: Date.now() }),
        onStderr: (data) => errors.push(data),
      })
      assert.equal(chunks.map((c) => c.data).join(''), 'line1\nline2\nline3\n')
      assert.ok(chunks.length >= 2, `expected output in several pieces, got ${chunks.length}`)
      assert.ok(chunks.at(-1).at - chunks[0].at >= 300, 'the pieces arrived over time, not at once')
      assert.equal(errors.join(''), 'done\n')
      assert.equal(result.stdout, 'line1\nline2\nline3\n')
    })

    await t.test('a non-zero exit raises CommandExitError with the output', async () => {
      await assert.rejects(sandbox.commands.run('echo partial; echo broken >&2; exit 3'), (error) => {
        assert.ok(error instanceof CommandExitError, `expected CommandExitError, got ${error}`)
        assert.equal(error.exitCode, 3)
        assert.equal(error.stdout, 'partial\n')
        assert.equal(error.stderr, 'broken\n')
        return true
      })
    })

    await t.test('a background command is listed and killed', async () => {
      const handle = await sandbox.commands.run('sleep 600', { background: true })
      assert.ok(handle.pid > 0)
      const listed = await sandbox.commands.list()
      const entry = listed.find((p) => p.pid === handle.pid)
      assert.ok(entry, 'the background command is listed')
      assert.equal(entry.cmd, '/bin/bash')
      assert.deepEqual(entry.args, ['-l', '-c', 'sleep 600'])
      assert.equal(await handle.kill(), true)
      await assert.rejects(handle.wait(), CommandExitError)
      await eventually(async () => !(await sandbox.commands.list()).some((p) => p.pid === handle.pid), 10_000, 'the killed command to go')
      assert.equal(await sandbox.commands.kill(handle.pid), false)
    })

    await t.test('standard input reaches a command, and end of input ends it', async () => {
      const handle = await sandbox.commands.run('cat; echo "[eof]"', { background: true, stdin: true })
      await handle.sendStdin('first line\n')
      await sandbox.commands.sendStdin(handle.pid, 'second line\n')
      await handle.closeStdin()
      const result = await handle.wait()
      assert.equal(result.stdout, 'first line\nsecond line\n[eof]\n')
    })

    await t.test('a running command can be connected to again', async () => {
      const handle = await sandbox.commands.run('for i in $(seq 1 40); do echo tick$i; sleep 0.1; done', { background: true })
      await handle.disconnect()
      const seen = []
      const again = await sandbox.commands.connect(handle.pid, { onStdout: (data) => seen.push(data) })
      const result = await again.wait()
      assert.equal(result.exitCode, 0)
      assert.match(seen.join(''), /tick40\n$/)
    })

    await t.test('a command that outlives its timeout fails with TimeoutError', async () => {
      await assert.rejects(sandbox.commands.run('sleep 30', { timeoutMs: 1500 }), TimeoutError)
    })

    await t.test('a terminal (PTY) runs an interactive shell that can be resized', async () => {
      const received = []
      const text = () => new TextDecoder().decode(Buffer.concat(received.map((c) => Buffer.from(c))))
      const terminal = await sandbox.pty.create({ cols: 80, rows: 24, onData: (data) => received.push(data) })
      await sandbox.pty.sendInput(terminal.pid, new TextEncoder().encode('echo pty-$((6*7))\n'))
      await eventually(() => text().includes('pty-42'), 15_000, 'the shell to answer in the terminal')
      await sandbox.pty.resize(terminal.pid, { cols: 100, rows: 30 })
      await sandbox.pty.sendInput(terminal.pid, new TextEncoder().encode('stty size; exit 0\n'))
      await terminal.wait()
      assert.match(text(), /30 100/)
    })

    await t.test('files: write, read, list, rename, remove', async () => {
      const info = await sandbox.files.write('notes/hello.txt', 'hello world')
      assert.equal(info.path, '/home/user/notes/hello.txt')
      assert.equal(await sandbox.files.read('/home/user/notes/hello.txt'), 'hello world')
      assert.equal((await sandbox.commands.run('cat notes/hello.txt')).stdout, 'hello world')

      await sandbox.commands.run('echo "from a command" > made-by-command.txt')
      assert.equal(await sandbox.files.read('made-by-command.txt'), 'from a command\n')

      const bytes = new Uint8Array([0, 1, 2, 250, 255])
      await sandbox.files.write('/home/user/data.bin', bytes)
      assert.deepEqual(await sandbox.files.read('/home/user/data.bin', { format: 'bytes' }), bytes)

      const many = await sandbox.files.write([
        { path: '/home/user/many/a.txt', data: 'A' },
        { path: '/home/user/many/b.txt', data: 'BB' },
      ])
      assert.deepEqual(many.map((f) => f.path).sort(), ['/home/user/many/a.txt', '/home/user/many/b.txt'])
      assert.equal(await sandbox.files.read('/home/user/many/b.txt'), 'BB')

      assert.equal(await sandbox.files.makeDir('/home/user/tree/inner'), true)
      assert.equal(await sandbox.files.makeDir('/home/user/tree/inner'), false)
      await sandbox.files.write('/home/user/tree/inner/deep.txt', 'deep')
      const top = await sandbox.files.list('/home/user/tree')
      assert.deepEqual(top.map((e) => [e.name, e.type]), [['inner', 'dir']])
      const deep = await sandbox.files.list('/home/user/tree', { depth: 2 })
      assert.deepEqual(deep.map((e) => e.path).sort(), ['/home/user/tree/inner', '/home/user/tree/inner/deep.txt'])
      const stat = await sandbox.files.getInfo('/home/user/tree/inner/deep.txt')
      assert.equal(stat.type, 'file')
      assert.equal(stat.size, 4)

      const moved = await sandbox.files.rename('/home/user/notes/hello.txt', '/home/user/tree/renamed.txt')
      assert.equal(moved.path, '/home/user/tree/renamed.txt')
      assert.equal(await sandbox.files.exists('/home/user/notes/hello.txt'), false)
      assert.equal(await sandbox.files.read('/home/user/tree/renamed.txt'), 'hello world')
      await sandbox.files.rename('/home/user/tree/inner', '/home/user/tree/moved-dir')
      assert.equal(await sandbox.files.read('/home/user/tree/moved-dir/deep.txt'), 'deep')

      await sandbox.files.remove('/home/user/tree/renamed.txt')
      assert.equal(await sandbox.files.exists('/home/user/tree/renamed.txt'), false)
      await sandbox.files.remove('/home/user/tree')
      assert.equal(await sandbox.files.exists('/home/user/tree'), false)
      assert.equal((await sandbox.commands.run('test -e /home/user/tree && echo present || echo absent')).stdout, 'absent\n')
      await assert.rejects(sandbox.files.read('/home/user/no-such-file.txt'), FileNotFoundError)
    })

    await t.test('watching a directory reports created, written and removed files', async () => {
      await sandbox.files.makeDir('/home/user/watched')
      const events = []
      const watch = await sandbox.files.watchDir('/home/user/watched', (event) => events.push(event))
      try {
        await sandbox.files.write('/home/user/watched/new.txt', 'one')
        await eventually(() => events.some((e) => e.name === 'new.txt' && e.type === 'create'), 15_000, 'a create event')
        await sandbox.commands.run('echo more >> /home/user/watched/new.txt')
        await eventually(() => events.some((e) => e.name === 'new.txt' && e.type === 'write'), 15_000, 'a write event')
        await sandbox.files.remove('/home/user/watched/new.txt')
        await eventually(() => events.some((e) => e.name === 'new.txt' && e.type === 'remove'), 15_000, 'a remove event')
      } finally {
        await watch.stop()
      }
    })

    await t.test('a snapshot starts new sandboxes with its files', async () => {
      await sandbox.files.write('/home/user/snap.txt', 'from the snapshot')
      const snapshot = await sandbox.createSnapshot()
      assert.ok(snapshot.snapshotId)
      const copy = await Sandbox.create(snapshot.snapshotId, { metadata: { suite: 'e2b-js', run: `${run}-snapshot` } })
      others.push(copy)
      assert.equal(await copy.files.read('/home/user/snap.txt'), 'from the snapshot')
      assert.equal((await copy.commands.run('cat snap.txt')).stdout, 'from the snapshot')
      assert.equal(await copy.kill(), true)
      assert.equal(await Sandbox.deleteSnapshot(snapshot.snapshotId), true)
      assert.equal(await Sandbox.deleteSnapshot(snapshot.snapshotId), false)
    })

    await t.test('the timeout can be set and extended', async () => {
      await sandbox.setTimeout(60_000)
      const short = await sandbox.getInfo()
      const left = short.endAt.getTime() - Date.now()
      assert.ok(left > 45_000 && left <= 62_000, `about 60 s left, got ${left} ms`)
      await sandbox.setTimeout(600_000)
      const extended = await sandbox.getInfo()
      assert.ok(extended.endAt.getTime() - short.endAt.getTime() > 500_000, 'the end moved about 9 minutes later')
      assert.equal(extended.state, 'running')
      assert.equal(extended.templateId, 'base')
      assert.deepEqual(extended.metadata, { suite: 'e2b-js', run })
    })

    await t.test('a sandbox whose timeout passes is killed', async () => {
      const shortLived = await Sandbox.create('base', { timeoutMs: 5_000, metadata: { suite: 'e2b-js', run: `${run}-short` } })
      others.push(shortLived)
      assert.equal((await shortLived.commands.run('echo alive')).stdout, 'alive\n')
      await eventually(async () => !(await shortLived.isRunning()), 60_000, 'the sandbox to be killed at its timeout')
      await assert.rejects(Sandbox.getInfo(shortLived.sandboxId), NotFoundError)
    })

    await t.test('a sandbox has a network of its own, and its egress rules can be replaced', async () => {
      // Internet access is on by default, as in E2B: the sandbox has an interface besides loopback.
      const interfaces = await sandbox.commands.run('cat /proc/net/dev')
      assert.match(interfaces.stdout, /eth0:/)
      // Rules are replaced while it runs (a documentation address; nothing connects to it).
      await sandbox.updateNetwork({ denyOut: ['0.0.0.0/0'], allowOut: ['192.0.2.10'] })
      await sandbox.updateNetwork({ denyOut: ['198.51.100.0/24'] })
      // Host names are refused: a name's addresses change behind the firewall's back.
      await assert.rejects(sandbox.updateNetwork({ allowOut: ['example.com'] }), /host name/)
      await assert.rejects(Sandbox.create('base', { network: { allowOut: ['example.com'] } }), /host name/)
    })

    await t.test('sandboxes are listed by metadata', async () => {
      const other = await Sandbox.create('base', { timeoutMs: 300_000, metadata: { suite: 'e2b-js', run: `${run}-other` } })
      others.push(other)
      const mine = await Sandbox.list({ query: { metadata: { run } } }).nextItems()
      assert.deepEqual(mine.map((s) => s.sandboxId), [sandbox.sandboxId])
      assert.equal(mine[0].state, 'running')
      assert.deepEqual(mine[0].metadata, { suite: 'e2b-js', run })
      const suite = await Sandbox.list({ query: { metadata: { suite: 'e2b-js' } } }).nextItems()
      assert.ok(suite.some((s) => s.sandboxId === other.sandboxId) && suite.some((s) => s.sandboxId === sandbox.sandboxId))
      const paged = Sandbox.list({ query: { metadata: { suite: 'e2b-js' } }, limit: 1 })
      const first = await paged.nextItems()
      assert.equal(first.length, 1)
      assert.equal(paged.hasNext, true)
      const second = await paged.nextItems()
      assert.notEqual(second[0].sandboxId, first[0].sandboxId)
    })

    await t.test('pause keeps processes and memory, and connect resumes the sandbox', async () => {
      await sandbox.files.write('/home/user/kept.txt', 'survives a pause')
      const counter = await sandbox.commands.run('i=0; while true; do i=$((i+1)); echo $i > /home/user/counter; sleep 0.2; done',
        { background: true, timeoutMs: 0 })
      await eventually(async () => (await sandbox.files.exists('/home/user/counter')), 10_000, 'the counter to start')
      assert.equal(await sandbox.pause(), true)
      assert.equal(await sandbox.pause(), false)
      assert.equal((await sandbox.getInfo()).state, 'paused')
      assert.equal(await sandbox.isRunning(), false)
      const paused = await Sandbox.list({ query: { metadata: { run }, state: ['paused'] } }).nextItems()
      assert.deepEqual(paused.map((s) => s.sandboxId), [sandbox.sandboxId])
      const resumed = await Sandbox.connect(sandbox.sandboxId, { timeoutMs: 300_000 })
      assert.equal(await resumed.isRunning(), true)
      assert.equal((await resumed.getInfo()).state, 'running')
      assert.ok((await resumed.commands.list()).some((p) => p.pid === counter.pid), 'the command survived the pause')
      const before = Number(await resumed.files.read('/home/user/counter'))
      await eventually(async () => Number(await resumed.files.read('/home/user/counter')) > before, 10_000, 'the counter to go on')
      assert.equal(await resumed.commands.kill(counter.pid), true)
      assert.equal(await resumed.files.read('/home/user/kept.txt'), 'survives a pause')
    })

    await t.test('pause without memory keeps the files only', async () => {
      assert.equal(await sandbox.pause({ keepMemory: false }), true)
      assert.equal((await sandbox.getInfo()).state, 'paused')
      const resumed = await Sandbox.connect(sandbox.sandboxId)
      assert.equal(await resumed.files.read('/home/user/kept.txt'), 'survives a pause')
      assert.equal((await resumed.commands.run('cat kept.txt')).stdout, 'survives a pause')
    })

    await t.test('the access token of a sandbox is required on its data plane', async () => {
      const response = await fetch(`${process.env.E2B_SANDBOX_URL}/process.Process/List`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'E2b-Sandbox-Id': sandbox.sandboxId },
        body: '{}',
      })
      assert.equal(response.status, 401)
      assert.equal((await response.json()).code, 'unauthenticated')
    })

    await t.test('errors map to the SDK exceptions', async () => {
      await assert.rejects(Sandbox.create('base', { apiKey: 'sk_wrong_key' }), AuthenticationError)
      await assert.rejects(Sandbox.create('no-such-template'), /not found/)
      await assert.rejects(Sandbox.connect('sbx-doesnotexist'), NotFoundError)
    })

    await t.test('kill removes the sandbox', async () => {
      assert.equal(await sandbox.kill(), true)
      assert.equal(await sandbox.kill(), false)
      await assert.rejects(Sandbox.getInfo(sandbox.sandboxId), NotFoundError)
      const left = await Sandbox.list({ query: { metadata: { run } } }).nextItems()
      assert.deepEqual(left, [])
    })
  } finally {
    await sandbox.kill().catch(() => {})
    for (const other of others) await other.kill().catch(() => {})
  }
})
