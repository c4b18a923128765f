import { useState } from 'react';
import { App, Button, type ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ApiFile } from '../api/client.ts';
import { saveFile } from '../lib/download.ts';

interface Props extends Omit<ButtonProps, 'onClick' | 'loading'> {
  /** Fetches the file. */
  load: () => Promise<ApiFile>;
  /** The name to save under when the answer names none. */
  fallbackName: string;
}

/** A button that fetches a file with the session and saves it; a failure is shown as a message. */
export function DownloadButton({ load, fallbackName, children, icon, ...buttonProps }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const file = await load();
      saveFile(file.blob, file.fileName ?? fallbackName);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button {...buttonProps} icon={icon ?? <DownloadOutlined />} loading={busy} onClick={() => void download()}>
      {children}
    </Button>
  );
}
