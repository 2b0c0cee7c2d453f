export * from './import-columns';
export * from './import-messages';
export * from './import-job.entity';
export * from './import.dto';
export * from './import.view';
export * from './import.service';
export * from './csv-importer.service';
export * from './imports.module';
