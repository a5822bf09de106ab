import {
  ApiOutlined,
  CloudServerOutlined,
  CloudUploadOutlined,
  DisconnectOutlined,
  StopOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShellKind } from '#shared/host/contract/index';
import { useAppStatus } from './status-store';

export function StatusBar({ shell }: { readonly shell: ShellKind }) {
  const { t } = useTranslation('common');
  const status = useAppStatus();
  return (
    <div className="status-bar" role="status" data-testid="status-bar">
      <Space size="middle" wrap>
        <Tag
          icon={status.online ? <WifiOutlined /> : <DisconnectOutlined />}
          color={status.online ? 'green' : 'default'}
          data-testid="status-online"
        >
          {status.online ? t('status.online') : t('status.offline')}
        </Tag>
        {!status.hostConnected && (
          <Tag color="red" icon={<CloudServerOutlined />} data-testid="status-host">
            {t('status.hostDisconnected')}
          </Tag>
        )}
        <Tag
          icon={<CloudUploadOutlined />}
          color={status.pendingUploads > 0 ? 'orange' : 'default'}
          data-testid="status-pending"
        >
          {t('status.pendingUploads', { count: status.pendingUploads })}
        </Tag>
        {status.refusedRecords > 0 && (
          <Tag icon={<StopOutlined />} color="red" data-testid="status-refused">
            {t('status.refusedRecords', { count: status.refusedRecords })}
          </Tag>
        )}
        <Tag icon={<ApiOutlined />} color={status.serial ? 'blue' : 'default'} data-testid="status-serial">
          {status.serial
            ? t('status.serialConnected', { path: status.serial.path, baud: status.serial.baudRate })
            : t('status.serialNone')}
        </Tag>
        <Tag data-testid="status-shell">{t(`status.shell.${shell}`)}</Tag>
      </Space>
    </div>
  );
}
