import { setToday } from '@jingzhun/domain';

// Every test file runs on the product's clock: on the machine's day, or on JINGZHUN_TODAY when CI runs the
// date-sensitive suites on the days that break calendars (the year's last day, 29 February, the eve of a
// seven-day holiday).
const today = process.env.JINGZHUN_TODAY;
if (today) setToday(today);
