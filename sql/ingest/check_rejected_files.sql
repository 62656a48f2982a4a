-- Landed files of the date rejected whole (unreadable, wrong format): a bad export, visible at a glance.
select channel, source_file, file_rejected_reason
from oms.ingested_files
where business_date = $business_date
  and file_rejected_reason is not null
order by source_file
