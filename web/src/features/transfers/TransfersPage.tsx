import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, InlineAlert, Paragraph, TextInput } from 'suomifi-ui-components';
import { api, ProblemError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/I18nProvider';
import { Page, Section } from '../../shared/Page';
import { QueryError } from '../../shared/QueryState';

type Report = components['schemas']['TransferReport'];

/**
 * Tiedonsiirto: the municipality's admin uploads client records from the earlier system (JSON
 * array or NDJSON), runs a dry run, reads the report with each refused record's field, then
 * imports, following the progress (`/api/v1/transfers`). The file goes to the API as NDJSON.
 */
export default function TransfersPage() {
  const { t } = useI18n();
  const m = t.transfers;
  const [sourceSystem, setSourceSystem] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [transferId, setTransferId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const report = useQuery({
    queryKey: ['transfer', transferId],
    enabled: transferId !== null,
    queryFn: () =>
      unwrap(api.GET('/api/v1/transfers/{id}', { params: { path: { id: transferId! } } })) as Promise<Report>,
    refetchInterval: (query) => (query.state.data?.status === 'DONE' ? false : 1000),
  });

  async function send(dryRun: boolean) {
    if (!file) return;
    setProblem(null);
    setSending(true);
    try {
      const text = await file.text();
      let ndjson = text;
      if (text.trimStart().startsWith('[')) {
        try {
          ndjson = (JSON.parse(text) as unknown[]).map((r) => JSON.stringify(r)).join('\n');
        } catch {
          setProblem(m.notJson);
          return;
        }
      }
      const created = await unwrap(
        api.POST('/api/v1/transfers', {
          params: { query: { sourceSystem: sourceSystem.trim(), dryRun: dryRun ? 'true' : 'false' } },
          body: ndjson as never,
          bodySerializer: (body: unknown) => body as string,
          headers: { 'Content-Type': 'application/x-ndjson' },
        }),
      );
      setTransferId(created.id);
    } catch (error) {
      setProblem(
        error instanceof ProblemError
          ? [error.detail || error.title, ...error.errors.map((e) => `${e.pointer}: ${e.detail}`)].join(' ')
          : String((error as Error).message),
      );
    } finally {
      setSending(false);
    }
  }

  const data = report.data;
  const running = transferId !== null && data?.status !== 'DONE';
  const processed = data ? data.counts.imported + data.counts.unchanged + data.counts.refused : 0;
  return (
    <Page title={m.title}>
      <Paragraph mb="s">{m.intro}</Paragraph>
      <form
        aria-label={m.title}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send(true);
        }}
      >
        <TextInput
          labelText={m.sourceSystem}
          value={sourceSystem}
          onChange={(value) => setSourceSystem(String(value ?? ''))}
        />
        <p>
          <label htmlFor="transfer-file">{m.file}</label>
          <br />
          <input
            id="transfer-file"
            type="file"
            accept=".json,.ndjson,.jsonl,application/json,application/x-ndjson"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </p>
        <div className="koto-actions">
          <Button type="submit" disabled={!file || !sourceSystem.trim() || sending || running}>
            {m.dryRun}
          </Button>
          <Button
            variant="secondary"
            disabled={!file || !sourceSystem.trim() || sending || running}
            onClick={() => void send(false)}
          >
            {m.import}
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {problem && (
          <InlineAlert status="error" mb="s" data-testid="transfer-problem">
            {problem}
          </InlineAlert>
        )}
      </div>
      {report.error && <QueryError error={report.error} retry={() => void report.refetch()} />}
      {data && (
        <Section title={data.dryRun ? m.dryRunReport : m.report} id="transfer-report">
          <div aria-live="polite" data-testid="transfer-status">
            <Paragraph mb="s">{data.status === 'DONE' ? m.done : m.running}</Paragraph>
          </div>
          <p>
            <label htmlFor="transfer-progress">
              {m.progress}: {processed} / {data.counts.received}
            </label>
            <br />
            <progress id="transfer-progress" max={Math.max(1, data.counts.received)} value={processed} />
          </p>
          <dl className="koto-facts" data-testid="transfer-counts">
            <dt>{m.counts.received}</dt>
            <dd data-testid="count-received">{data.counts.received}</dd>
            <dt>{data.dryRun ? m.counts.wouldImport : m.counts.imported}</dt>
            <dd data-testid="count-imported">{data.counts.imported}</dd>
            <dt>{m.counts.unchanged}</dt>
            <dd data-testid="count-unchanged">{data.counts.unchanged}</dd>
            <dt>{m.counts.refused}</dt>
            <dd data-testid="count-refused">{data.counts.refused}</dd>
          </dl>
          {data.refusals.length === 0 ? (
            data.status === 'DONE' && <Paragraph>{m.noRefusals}</Paragraph>
          ) : (
            <table className="koto-table" data-testid="transfer-refusals">
              <caption>{m.refusals}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.columns.index}</th>
                  <th scope="col">{m.columns.sourceId}</th>
                  <th scope="col">{m.columns.pointer}</th>
                  <th scope="col">{m.columns.detail}</th>
                </tr>
              </thead>
              <tbody>
                {/* A record refused for several reasons has a row for each (its index repeats). */}
                {data.refusals.map((r) => (
                  <tr key={`${r.index}${r.pointer}${r.detail}`}>
                    <td>{r.index + 1}</td>
                    <td>{r.sourceId ?? ''}</td>
                    <td>
                      <code>{r.pointer || '/'}</code>
                    </td>
                    <td>{r.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
    </Page>
  );
}
