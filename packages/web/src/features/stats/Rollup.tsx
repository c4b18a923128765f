import { App, Button, Card, Flex, Progress, Result, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { StatJob } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useStatJob } from './useStatJob.ts';

/** The rollup of a region and year, with its messages: `onDone` reads the overview again. */
function useRollup(region: string, year: number, onDone: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return useStatJob('rollup', region, year, {
    onDone: () => {
      void message.success(t('stats.rollup.done'));
      onDone();
    },
    onFailed: (error) => void message.error(t('stats.rollup.failed', { error })),
  });
}

function RollupProgress({ job }: { job: StatJob }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} style={{ width: '100%', maxWidth: 480 }} data-testid="stats-rollup-progress">
      <Typography.Text>{t('stats.rollup.running')}</Typography.Text>
      <Progress percent={Math.floor((job.progress ?? 0) * 100)} status="active" />
    </Flex>
  );
}

/** A city, province or the country never rolled up for the year: what that means and the button that does it. */
export function RollupNeeded({ region, year, onDone }: { region: string; year: number; onDone: () => void }) {
  const { t } = useI18n();
  const rollup = useRollup(region, year, onDone);
  return (
    <Card>
      <Result
        status="info"
        title={t('stats.rollup.needed', { year })}
        subTitle={t('stats.rollup.hint')}
        extra={
          rollup.job ? (
            <Flex justify="center">
              <RollupProgress job={rollup.job} />
            </Flex>
          ) : (
            <Button type="primary" icon={<SyncOutlined />} loading={rollup.starting} onClick={() => void rollup.start(year)} data-testid="stats-rollup-run">
              {t('stats.rollup.run')}
            </Button>
          )
        }
      />
    </Card>
  );
}

/** Rolls the figures shown (a snapshot) up again. */
export function RollupAgain({ region, year, onDone, compact }: { region: string; year: number; onDone: () => void; compact: boolean }) {
  const { t } = useI18n();
  const rollup = useRollup(region, year, onDone);
  if (rollup.job) return <RollupProgress job={rollup.job} />;
  return (
    <Button icon={<SyncOutlined />} loading={rollup.starting} onClick={() => void rollup.start(year)} aria-label={t('stats.rollup.again')} title={t('stats.rollup.again')} data-testid="stats-rollup-again">
      {!compact && t('stats.rollup.again')}
    </Button>
  );
}
