import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  EnvironmentOutlined,
  FormOutlined,
  NodeIndexOutlined,
  QrcodeOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Empty, List, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { useDatabase, writeFieldEvent } from '../../db/index';
import { divisionLabel, useDistanceText, useGnssFeed, useMapSites } from '../map/index';
import { statusColours, statusKey } from '../common/site-status';
import { useHost } from '../../host/host-context';
import { crewIdentity } from './crew-identity';
import { ExcuseVisit } from './ExcuseVisit';
import { nextActions, taskEvent } from './task-state';
import { move, type RouteStop } from './today-route';
import { healthStopLimit, scheduleStopLimit, useToday } from './use-today';

/** 任务: today's tasks (and the sites health says need a visit) in route order, with their state changes. */
export function TasksPage() {
  const { t } = useTranslation(['tasks', 'map']);
  const db = useDatabase();
  const { message } = App.useApp();
  useGnssFeed(useHost());
  const distanceText = useDistanceText();
  const [includeHealth, setIncludeHealth] = useState(true);
  const [county, setCounty] = useState<string | null>(null);
  const state = useMapSites();
  const sites = useMemo(() => (state.status === 'ready' ? state.sites : []), [state]);
  const today = useToday(sites, includeHealth, county);
  const { route, hasPosition, setOrder } = today;
  const loading = today.loading || state.status === 'loading';
  const error = state.status === 'error' ? state.message : today.error;
  const counties = useMemo(() => [...new Set(sites.map((s) => s.divisionCode))].sort(), [sites]);
  const keys = route.stops.map((s) => s.key);

  const act = async (stop: RouteStop, type: 'accepted' | 'started' | 'done' | 'reopened') => {
    if (stop.task === null) {
      return;
    }
    const record = taskEvent(stop.task.task, type, crewIdentity(window.localStorage));
    const r = await writeFieldEvent(db, 'task_events', record);
    if (r.ok) {
      void message.success(t('tasks:recorded', { action: t(`tasks:actions.${type}`) }));
    } else {
      void message.error(r.error.message);
    }
  };

  if (error !== null) {
    return <Alert type="error" showIcon message={error} />;
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="tasks-page">
      <Space wrap>
        <Typography.Text strong data-testid="route-total">
          {t('tasks:summary', { count: route.stops.length, distance: distanceText(route.totalM) })}
        </Typography.Text>
        <Tag color={today.owed.overdue > 0 ? 'red' : 'default'} data-testid="schedule-owed">
          {t('tasks:schedule.owed', {
            due: today.owed.due,
            overdue: today.owed.overdue,
            limit: scheduleStopLimit,
          })}
        </Tag>
        <Tag color={route.manual ? 'orange' : 'blue'}>
          {route.manual ? t('tasks:manualOrder') : t('tasks:optimised')}
        </Tag>
        <Button icon={<NodeIndexOutlined />} onClick={() => setOrder(null)} data-testid="route-optimise">
          {t('tasks:optimise')}
        </Button>
        <Button icon={<QrcodeOutlined />} onClick={() => navigate('/labels')} data-testid="tasks-scan-label">
          {t('tasks:scanLabel')}
        </Button>
        <label>
          <Switch
            size="small"
            checked={includeHealth}
            onChange={setIncludeHealth}
            data-testid="include-health"
          />{' '}
          {t('tasks:includeHealth', { count: healthStopLimit })}
        </label>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('map:filters.allCounties')}
          value={county ?? undefined}
          onChange={(v?: string) => setCounty(v ?? null)}
          options={counties.map((c) => ({ value: c, label: divisionLabel(c) }))}
          style={{ minWidth: 200 }}
          data-testid="tasks-county"
        />
      </Space>
      {!hasPosition && <Alert type="info" showIcon message={t('tasks:noPosition')} />}
      {loading ? (
        <Spin />
      ) : route.stops.length === 0 ? (
        <Empty description={t('tasks:none')} />
      ) : (
        <List
          data-testid="route-list"
          dataSource={route.stops.map((stop, i) => ({ stop, leg: route.legs[i], i }))}
          renderItem={({ stop, leg, i }) => (
            <List.Item
              data-testid={`stop-${stop.key}`}
              actions={[
                <Button
                  key="up"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  aria-label={t('tasks:moveUp')}
                  onClick={() => setOrder(move(keys, i, i - 1))}
                />,
                <Button
                  key="down"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === route.stops.length - 1}
                  aria-label={t('tasks:moveDown')}
                  onClick={() => setOrder(move(keys, i, i + 1))}
                />,
                <Button
                  key="patrol"
                  size="small"
                  icon={<FormOutlined />}
                  onClick={() =>
                    navigate(
                      `/patrols/new?${new URLSearchParams({
                        siteId: stop.site.id,
                        ...(stop.task === null ? {} : { taskId: stop.task.task.id }),
                      }).toString()}`,
                    )
                  }
                  data-testid="stop-patrol"
                >
                  {t('tasks:startPatrol')}
                </Button>,
                <Button
                  key="map"
                  size="small"
                  icon={<EnvironmentOutlined />}
                  onClick={() => navigate('/map')}
                  aria-label={t('tasks:onMap')}
                />,
              ]}
            >
              <List.Item.Meta
                avatar={<span className="route-index">{i + 1}</span>}
                title={
                  <Space wrap>
                    <span>
                      {stop.visits !== undefined
                        ? t('tasks:schedule.stopTitle', { count: stop.visits.length })
                        : (stop.task?.task.title ?? t(`tasks:raised.${stop.reason}`))}
                    </span>
                    <Tag color={statusColours[stop.site.status]}>{t(statusKey(stop.site.status))}</Tag>
                    {stop.visits !== undefined ? (
                      <Tag color="purple">{t('tasks:schedule.fromSchedule')}</Tag>
                    ) : null}
                    {stop.task === null ? (
                      stop.visits === undefined && <Tag>{t('tasks:fromHealth')}</Tag>
                    ) : (
                      <Tag color="blue" data-testid="task-status">
                        {t(`tasks:status.${stop.task.status}`)}
                        {stop.task.pending.length > 0 && ` · ${t('tasks:pendingSync')}`}
                      </Tag>
                    )}
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={2}>
                    <span>
                      {stop.site.code} · {stop.site.name}
                    </span>
                    <span>
                      {leg === undefined || leg.fromIndex === null
                        ? hasPosition
                          ? t('tasks:fromHere', { distance: distanceText(leg?.distanceM ?? 0) })
                          : t('tasks:firstStop')
                        : t('tasks:fromPrevious', { distance: distanceText(leg.distanceM) })}
                    </span>
                    {stop.visits?.map((v) => (
                      <Space key={v.day} wrap data-testid={`visit-${v.day}`}>
                        <Tag color={v.state === 'overdue' ? 'red' : 'gold'} data-testid="visit-state">
                          {t(`tasks:schedule.state.${v.state}`)}
                        </Tag>
                        <span>{t('tasks:schedule.window', { day: v.day })}</span>
                        <ExcuseVisit site={stop.site} day={v.day} />
                      </Space>
                    ))}
                    {stop.task !== null && (
                      <Space wrap>
                        {nextActions[stop.task.status].map((a) => (
                          <Button
                            key={a}
                            size="small"
                            onClick={() => void act(stop, a)}
                            data-testid={`task-${a}`}
                          >
                            {t(`tasks:actions.${a}`)}
                          </Button>
                        ))}
                      </Space>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
