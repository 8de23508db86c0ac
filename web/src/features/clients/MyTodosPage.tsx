import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, InlineAlert, Paragraph, RouterLink } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { Page } from '../../shared/Page';
import { ListState, errorMessage } from '../../shared/QueryState';
import { fullName } from './api';
import { reloadEveryday, useAssignedTodos, type AssignedTodo } from './everydayApi';
import './everyday.css';

/** Omat tehtävät: the to-dos assigned to the officer across the municipality's clients. */
export default function MyTodosPage() {
  const { t, formatDate } = useI18n();
  const d = t.everyday.todos;
  const m = t.everyday.myTodos;
  const queryClient = useQueryClient();
  const [showDone, setShowDone] = useState(false);
  const todos = useAssignedTodos(showDone);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (todo: AssignedTodo) =>
      unwrap(
        api.PATCH('/api/v1/clients/{id}/todos/{todoId}', {
          params: { path: { id: todo.clientId, todoId: todo.id } },
          body: { done: !todo.done },
        }),
      ),
    onSuccess: async (_result, todo) => {
      setNotice(d.saved);
      await reloadEveryday(queryClient, todo.clientId);
    },
  });
  const items = todos.data?.items ?? [];

  return (
    <Page title={m.title}>
      <Paragraph mb="s">{m.intro}</Paragraph>
      <Checkbox
        mb="m"
        checked={showDone}
        onClick={({ checkboxState }) => {
          setNotice(null);
          setShowDone(checkboxState);
        }}
      >
        {m.showDone}
      </Checkbox>
      <div aria-live="polite">
        {notice && (
          <InlineAlert status="neutral" mt="s" role="status" data-testid="todos-notice">
            {notice}
          </InlineAlert>
        )}
        {toggle.error && (
          <InlineAlert status="error" mt="s" role="alert">
            {errorMessage(toggle.error, t)}
          </InlineAlert>
        )}
      </div>
      <ListState query={todos} rows={items.length} none={m.none} spaced />
      {items.length > 0 && (
        <table className="koto-table" data-testid="my-todos">
          <caption className="visually-hidden">{m.title}</caption>
          <thead>
            <tr>
              <th scope="col">{d.columns.title}</th>
              <th scope="col">{m.client}</th>
              <th scope="col">{d.columns.due}</th>
              <th scope="col">{d.columns.state}</th>
              <th scope="col">{d.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((todo) => (
              <tr key={todo.id} className={todo.done ? 'koto-done' : undefined}>
                <td>{todo.title}</td>
                <td>
                  <RouterLink asComponent={Link} to={`/clients/${todo.clientId}`}>
                    {fullName(todo.client) || m.nameErased}
                  </RouterLink>
                </td>
                <td>
                  {formatDate(todo.dueDate) || t.common.none}{' '}
                  {todo.overdue && <span className="koto-badge koto-badge-alert">{d.overdue}</span>}
                </td>
                <td>{todo.done ? d.done : d.open}</td>
                <td>
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
