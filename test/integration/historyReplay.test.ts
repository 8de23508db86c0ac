import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { testCodecKeys, testEnvironment } from '../support/environment';
import { EncryptionCodec } from '../../platform/payloadCodec';
import { failureConverterPath } from '../../platform/worker';
import * as workflowTypes from '../../workflows';

/**
 * The gate of every release (README, "Changing workflows safely"): the current workflow code
 * replays every history recorded from every earlier release, so a worker of this release can take
 * over any workflow an earlier release started. Histories live under test/fixtures/histories:
 * one folder per release, recorded by `npm run record:histories`, plus the hand-recorded files
 * of the first patches at the top (kept for placementDurability.test.ts).
 */
const fixtures = path.join(__dirname, '..', 'fixtures', 'histories');
const History = temporal.api.history.v1.History;

interface Manifest {
  release: string;
  commit: string;
  recordedAt: string;
  files: { file: string; workflowType: string; sha256: string }[];
}

function historyFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? historyFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.binpb')
          ? [path.join(dir, entry.name)]
          : [],
    );
}

const releases = fs
  .readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const manifestOf = (release: string): Manifest =>
  JSON.parse(fs.readFileSync(path.join(fixtures, release, 'manifest.json'), 'utf8'));

/** The release being made: package.json's version, or RELEASE (as `npm run record:histories` takes it). */
const current =
  process.env.RELEASE ||
  (
    JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/**
 * Releases recorded before every workflow type had scenarios (placement proposals and client
 * cases only). Their recordings never change; every later release records every type.
 */
const recordedBeforeEveryType = ['0.1.0'];

describe('every recorded history of every release replays with the current workflow code', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already in this process: keep it.
    }
  });

  it('has recordings of at least this release, each folder exactly as its script recorded it', () => {
    expect(releases).toContain(current);
    for (const release of releases) {
      const manifest = manifestOf(release);
      expect(manifest.release).toBe(release);
      expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
      const onDisk = fs
        .readdirSync(path.join(fixtures, release))
        .filter((f) => f.endsWith('.binpb'))
        .sort();
      expect(manifest.files.map((f) => f.file).sort()).toEqual(onDisk);
      // Never edited by hand: each file is byte for byte what the recording wrote.
      for (const { file, sha256 } of manifest.files) {
        const data = fs.readFileSync(path.join(fixtures, release, file));
        expect({ file, sha256: crypto.createHash('sha256').update(data).digest('hex') }).toEqual({
          file,
          sha256,
        });
      }
      // Both workflow types, and a client case that continued as new.
      const types = [...new Set(manifest.files.map((f) => f.workflowType))];
      expect(types).toEqual(expect.arrayContaining(['placementProposal', 'clientCase']));
      expect(manifest.files.some((f) => /\.run-2\.binpb$/.test(f.file))).toBe(true);
    }
  });

  // A workflow type without a recorded history could break its open workflows unnoticed.
  (recordedBeforeEveryType.includes(current) ? it.skip : it)(
    'has recordings of this release for every workflow type the worker runs (workflows/index.ts)',
    () => {
      const recorded = new Set(manifestOf(current).files.map((f) => f.workflowType));
      expect(Object.keys(workflowTypes).filter((type) => !recorded.has(type))).toEqual([]);
    },
  );

  it('replays them all', async () => {
    const files = historyFiles(fixtures);
    expect(files.length).toBeGreaterThanOrEqual(4 + 10 * releases.length);
    // Each under the workflow ID it ran as (a workflow may use it in its commands: the client
    // case's erasure names its purge after it), one after another, each result in its file's place.
    const histories = files.map((file) => {
      const history = History.decode(fs.readFileSync(file));
      return {
        file: path.relative(fixtures, file),
        workflowId:
          history.events[0]?.workflowExecutionStartedEventAttributes?.workflowId ||
          path.relative(fixtures, file),
        history,
      };
    });
    const results: { file: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: testEnvironment().bundlePath },
        dataConverter: {
          payloadCodecs: [new EncryptionCodec(testCodecKeys)],
          failureConverterPath: failureConverterPath(),
        },
      },
      histories,
    )) {
      const { file, workflowId } = histories[results.length];
      expect(result.workflowId).toBe(workflowId);
      results.push({ file, error: result.error?.message });
    }
    expect(results).toEqual(histories.map(({ file }) => ({ file, error: undefined })));
  });
});
