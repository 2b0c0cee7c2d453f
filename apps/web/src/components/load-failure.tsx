import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useErrorText } from './errors';

/** What an editor shows when the object it opens cannot be loaded (404: unknown or outside the user's units), with a way back. */
export function LoadFailure({ error, backTo, backLabel }: { error: unknown; backTo: string; backLabel: string }) {
  const errorText = useErrorText();
  const navigate = useNavigate();
  return (
    <Result
      status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
      title={errorText(error)}
      extra={<Button onClick={() => navigate(backTo)}>{backLabel}</Button>}
    />
  );
}
