import type { ReactNode } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { absenceBases, extensionBases } from '@domain/clientCase/planRules';
import { api, unwrap } from '../../api/client';
import { helsinkiToday } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, SelectField, TextField, TextareaField, useApiForm } from '../../shared/forms';
import { ActionFrame, withId, type ActionFormProps } from './ActionFrame';

interface PlanValues {
  validFrom: string;
  validUntil: string;
  goals: { description: string; startDate: string; endDate: string }[];
  tasks: { description: string; dueDate: string; responsible: string }[];
  services: { name: string; provider: string; startDate: string; endDate: string }[];
  /** The § 23 grounds, each with its months: extension grounds combine, absences add their length. */
  extensions: { basis: string; months: string }[];
}

type ExtensionBasis = (typeof extensionBases)[number] | (typeof absenceBases)[number];

const emptyGoal = { description: '', startDate: '', endDate: '' };
const emptyTask = { description: '', dueDate: '', responsible: '' };
const emptyService = { name: '', provider: '', startDate: '', endDate: '' };
const emptyGround = { basis: '', months: '' };

/** Empty optional fields are left out, as the API wants them absent rather than blank. */
function present<T extends Record<string, string>>(row: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(row)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value),
  ) as Partial<T>;
}

/**
 * The integration plan (kotoutumissuunnitelma, § 20): goals, tasks and services, each a row to add
 * or remove, the period of validity and the § 23 grounds for extending it. Saving replaces the plan
 * in force; the API keeps the earlier one as a version.
 */
export function IntegrationPlanForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.actionForm;
  const plan = client.plan;
  const form = useForm<PlanValues>({
    defaultValues: plan
      ? {
          validFrom: plan.validFrom,
          validUntil: plan.validUntil,
          goals: plan.goals.map((g) => ({ ...emptyGoal, ...g })),
          tasks: plan.tasks.map((task) => ({ ...emptyTask, ...task })),
          services: plan.services.map((s) => ({ ...emptyService, ...s })),
          extensions: (plan.extensions ?? (plan.extension ? [plan.extension] : [])).map((g) => ({
            basis: g.basis,
            months: String(g.months),
          })),
        }
      : {
          validFrom: helsinkiToday(),
          validUntil: '',
          goals: [{ ...emptyGoal }],
          tasks: [],
          services: [],
          extensions: [],
        },
  });
  const goals = useFieldArray({ control: form.control, name: 'goals' });
  const tasks = useFieldArray({ control: form.control, name: 'tasks' });
  const services = useFieldArray({ control: form.control, name: 'services' });
  const grounds = useFieldArray({ control: form.control, name: 'extensions' });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.PUT('/api/v1/clients/{id}/integration-plan', {
          ...withId(client.id, key),
          body: {
            validFrom: values.validFrom,
            validUntil: values.validUntil,
            goals: values.goals.map((g) => ({ ...present(g), description: g.description.trim() })),
            tasks: values.tasks.map((task) => ({ ...present(task), description: task.description.trim() })),
            services: values.services.map((s) => ({ ...present(s), name: s.name.trim() })),
            ...(values.extensions.length
              ? {
                  extensions: values.extensions.map((g) => ({
                    basis: g.basis as ExtensionBasis,
                    months: Number(g.months),
                  })),
                }
              : {}),
          },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };

  return (
    <ActionFrame label={c.actions['integration-plan']} form={form} submit={submit} onCancel={onCancel}>
      <Paragraph>{f.planLimits}</Paragraph>
      <div className="koto-grid">
        <DateField control={form.control} name="validFrom" label={f.validFrom} rules={required} />
        <DateField control={form.control} name="validUntil" label={f.validUntil} rules={required} />
      </div>

      <Rows
        title={f.goals}
        empty={goals.fields.length === 0 && f.noRows}
        add={f.addGoal}
        onAdd={() => goals.append({ ...emptyGoal })}
      >
        {goals.fields.map((field, i) => (
          <fieldset key={field.id} className="koto-person">
            <legend>{f.goal(i + 1)}</legend>
            <TextareaField
              control={form.control}
              name={`goals.${i}.description`}
              label={f.goalDescription}
              rules={required}
            />
            <div className="koto-grid">
              <DateField control={form.control} name={`goals.${i}.startDate`} label={f.startDate} optional />
              <DateField control={form.control} name={`goals.${i}.endDate`} label={f.endDate} optional />
            </div>
            <Button variant="secondaryNoBorder" mt="s" onClick={() => goals.remove(i)}>
              {f.removeGoal(i + 1)}
            </Button>
          </fieldset>
        ))}
      </Rows>

      <Rows
        title={f.tasks}
        empty={tasks.fields.length === 0 && f.noRows}
        add={f.addTask}
        onAdd={() => tasks.append({ ...emptyTask })}
      >
        {tasks.fields.map((field, i) => (
          <fieldset key={field.id} className="koto-person">
            <legend>{f.task(i + 1)}</legend>
            <TextareaField
              control={form.control}
              name={`tasks.${i}.description`}
              label={f.taskDescription}
              rules={required}
            />
            <div className="koto-grid">
              <DateField control={form.control} name={`tasks.${i}.dueDate`} label={f.dueDate} optional />
              <TextField
                control={form.control}
                name={`tasks.${i}.responsible`}
                label={f.responsible}
                optional
              />
            </div>
            <Button variant="secondaryNoBorder" mt="s" onClick={() => tasks.remove(i)}>
              {f.removeTask(i + 1)}
            </Button>
          </fieldset>
        ))}
      </Rows>

      <Rows
        title={f.services}
        empty={services.fields.length === 0 && f.noRows}
        add={f.addService}
        onAdd={() => services.append({ ...emptyService })}
      >
        {services.fields.map((field, i) => (
          <fieldset key={field.id} className="koto-person">
            <legend>{f.service(i + 1)}</legend>
            <div className="koto-grid">
              <TextField
                control={form.control}
                name={`services.${i}.name`}
                label={f.serviceName}
                rules={required}
              />
              <TextField control={form.control} name={`services.${i}.provider`} label={f.provider} optional />
              <DateField
                control={form.control}
                name={`services.${i}.startDate`}
                label={f.startDate}
                optional
              />
              <DateField control={form.control} name={`services.${i}.endDate`} label={f.endDate} optional />
            </div>
            <Button variant="secondaryNoBorder" mt="s" onClick={() => services.remove(i)}>
              {f.removeService(i + 1)}
            </Button>
          </fieldset>
        ))}
      </Rows>

      <Rows
        title={f.extension}
        empty={grounds.fields.length === 0 && `${f.noExtension}. ${f.groundsExplained}`}
        add={f.addGround}
        onAdd={() => {
          // The server's refusal of the grounds together is about the list: a changed list clears it.
          form.clearErrors('extensions');
          grounds.append({ ...emptyGround });
        }}
      >
        {grounds.fields.map((field, i) => (
          <fieldset key={field.id} className="koto-person">
            <legend>{f.ground(i + 1)}</legend>
            <div className="koto-grid">
              <SelectField
                control={form.control}
                name={`extensions.${i}.basis`}
                label={f.extensionBasis}
                rules={required}
                options={[...extensionBases, ...absenceBases].map((b) => ({
                  value: b,
                  label: c.extensionBases[b],
                }))}
              />
              <TextField
                control={form.control}
                name={`extensions.${i}.months`}
                label={f.extensionMonths}
                rules={{
                  ...required,
                  validate: (v) => {
                    const months = Number(String(v).trim());
                    return (/^\d+$/.test(String(v).trim()) && months >= 1 && months <= 48) || f.monthsFormat;
                  },
                }}
              />
            </div>
            <Button
              variant="secondaryNoBorder"
              mt="s"
              onClick={() => {
                form.clearErrors('extensions');
                grounds.remove(i);
              }}
            >
              {f.removeGround(i + 1)}
            </Button>
          </fieldset>
        ))}
      </Rows>
    </ActionFrame>
  );
}

/** A titled group of editable rows with its "add" button. */
function Rows({
  title,
  empty,
  add,
  onAdd,
  children,
}: {
  title: string;
  empty: string | false;
  add: string;
  onAdd(): void;
  children: ReactNode;
}) {
  return (
    <div>
      <Heading variant="h3" mb="xs">
        {title}
      </Heading>
      {empty && <Paragraph>{empty}</Paragraph>}
      {children}
      <Button variant="secondary" onClick={onAdd}>
        {add}
      </Button>
    </div>
  );
}
