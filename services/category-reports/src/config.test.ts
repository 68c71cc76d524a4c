import { loadCategoryReportsConfig } from './config';

describe('category-reports config', () => {
  it('defaults to the hourly cron at minute 5, port 9095 and a 24-hour rolling period', () => {
    const config = loadCategoryReportsConfig({});
    expect(config).toMatchObject({
      REPORT_CRON: '5 * * * *',
      HTTP_PORT: 9095,
      REPORT_ROLLING_HOURS: 24,
      REPORT_TOP_N: 10,
      REPORTS_DIR: './reports-out',
    });
  });

  it('fails naming the variable for a bad cron, time zone or bound', () => {
    expect(() => loadCategoryReportsConfig({ REPORT_CRON: '5 * * *  banana' })).toThrow(
      /REPORT_CRON/,
    );
    expect(() => loadCategoryReportsConfig({ TIME_ZONE: 'Mars/Olympus' })).toThrow(/TIME_ZONE/);
    expect(() => loadCategoryReportsConfig({ REPORT_ROLLING_HOURS: '200' })).toThrow(
      /REPORT_ROLLING_HOURS/,
    );
  });
});
