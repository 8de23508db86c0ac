import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, InlineAlert } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, FormErrors, TextField, useApiForm } from '../../shared/forms';
import { Section } from '../../shared/Page';
import { ListState, errorMessage } from '../../shared/QueryState';
import type { Client } from './api';
import { mayWork, reloadEveryday, useTodos, type Todo } from './everydayApi';
import './everyday.css';

/** Muistilista: the client's to-dos, open ones first; add, edit, assign and mark done. */
export function TodosSection({ client }: { client: Client }) {
  const { t, formatDate } = useI18n();
  const d = t.everyday.todos;
  const me = useMe();
  const queryClient = useQueryClient();
  const todos = useTodos(client.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const writable = mayWork(me.data, client, 'client.manageTodos');
  const items = todos.data?.items ?? [];

  const done = async () => {
    setEditing(null);
    setNotice(d.saved);
    await reloadEveryday(queryClient, client.id);
  };
  const toggle = useMutation({
    mutationFn: (todo: Todo) =>
      unwrap(
        api.PATCH('/api/v1/clients/{id}/todos/{todoId}', {
          params: { path: { id: client.id, todoId: todo.id } },
          body: { done: !todo.done },
        }),
      ),
    onSuccess: done,
  });

  return (
    <Section title={d.title} id="todos">
      {notice && (
        <InlineAlert status="neutral" mb="s" role="status" data-testid="todos-notice">
          {notice}
        </InlineAlert>
      )}
      {toggle.error && (
        <InlineAlert status="error" mb="s" role="alert">
          {errorMessage(toggle.error, t)}
        </InlineAlert>
      )}
      {writable && editing === null && (
        <Button
          variant="secondary"
          mb="s"
          aria-expanded={false}
          aria-controls="todo-form"
          onClick={() => {
            setNotice(null);
            setEditing('new');
          }}
        >
          {d.add}
        </Button>
      )}
      {writable && editing === 'new' && (
        <div id="todo-form">
          <TodoForm client={client} onDone={done} onCancel={() => setEditing(null)} />
        </div>
      )}
      <ListState query={todos} rows={items.length} none={d.none} />
      {items.length > 0 && (
        <table className="koto-table" data-testid="todos">
          <caption className="visually-hidden">{d.title}</caption>
          <thead>
            <tr>
              <th scope="col">{d.columns.title}</th>
              <th scope="col">{d.columns.due}</th>
              <th scope="col">{d.columns.assignee}</th>
              <th scope="col">{d.columns.state}</th>
              {writable && <th scope="col">{d.columns.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((todo) => (
              <tr key={todo.id} className={todo.done ? 'koto-done' : undefined}>
                <td>{todo.title}</td>
                <td>
                  {formatDate(todo.dueDate) || t.common.none}{' '}
                  {todo.overdue && <span className="koto-badge koto-badge-alert">{d.overdue}</span>}
                </td>
                <td>{todo.assigneeId ?? d.unassigned}</td>
                <td>{todo.done ? d.done : d.open}</td>
                {writable && (
                  <td>
                    <div className="koto-row-actions">
                      <Button
                        variant="secondary"
                        aria-label={todo.done ? d.reopenOf(todo.title) : d.markDoneOf(todo.title)}
                        disabled={toggle.isPending}
                        onClick={() => {
                          setNotice(null);
                          toggle.mutate(todo);
                        }}
                      >
                        {todo.done ? d.reopen : d.markDone}
                      </Button>
                      {!todo.done && (
                        <Button
                          variant="secondaryNoBorder"
                          aria-label={d.editOf(todo.title)}
                          aria-expanded={editing === todo.id}
                          onClick={() => {
                            setNotice(null);
                            setEditing(editing === todo.id ? null : todo.id);
                          }}
                        >
                          {d.edit}
                        </Button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {writable && editing && editing !== 'new' && items.some((todo) => todo.id === editing) && (
        <TodoForm
          key={editing}
          client={client}
          todo={items.find((todo) => todo.id === editing)}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

interface TodoValues {
  title: string;
  dueDate: string;
  assigneeId: string;
}

/** A new to-do, or changes to one: title, due date, assignee (an officer of the municipality). */
function TodoForm({
  client,
  todo,
  onDone,
  onCancel,
}: {
  client: Client;
  todo?: Todo;
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const d = t.everyday.todos;
  const me = useMe();
  const form = useForm<TodoValues>({
    defaultValues: {
      title: todo?.title ?? '',
      dueDate: todo?.dueDate ?? '',
      assigneeId: todo ? (todo.assigneeId ?? '') : (me.data?.userId ?? ''),
    },
  });
  const submit = useApiForm(form, {
    send: (values, key) => {
      const assigneeId = values.assigneeId.trim();
      if (todo) {
        return unwrap(
          api.PATCH('/api/v1/clients/{id}/todos/{todoId}', {
            params: { path: { id: client.id, todoId: todo.id } },
            body: {
              title: values.title.trim(),
              dueDate: values.dueDate || null,
              assigneeId: assigneeId || null,
            },
          }),
        );
      }
      return unwrap(
        api.POST('/api/v1/clients/{id}/todos', {
          params: { path: { id: client.id } },
          headers: { 'Idempotency-Key': key },
          body: {
            title: values.title.trim(),
            ...(values.dueDate ? { dueDate: values.dueDate } : {}),
            ...(assigneeId ? { assigneeId } : {}),
          },
        }),
      );
    },
    onSuccess: onDone,
  });
  const label = todo ? d.editTitle : d.add;
  return (
    <form onSubmit={submit.onSubmit} noValidate className="koto-action-form" aria-label={label}>
      <FormErrors form={form} api={submit} />
      <TextField
        control={form.control}
        name="title"
        label={d.titleField}
        fullWidth
        rules={{ required: t.common.errors.required }}
      />
      <div className="koto-grid">
        <DateField control={form.control} name="dueDate" label={d.dueDate} optional />
        <TextField
          control={form.control}
          name="assigneeId"
          label={d.assignee}
          hint={d.assigneeHint}
          optional
        />
      </div>
      {me.data && (
        <div>
          <Button
            variant="secondaryNoBorder"
            onClick={() =>
              form.setValue('assigneeId', me.data.userId, { shouldValidate: form.formState.isSubmitted })
            }
          >
            {d.assignMe}
          </Button>
        </div>
      )}
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {d.save}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
