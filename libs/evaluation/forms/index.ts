export * from './evaluation-forms.module';
export * from './evaluation-form.service';
export * from './evaluation-form.dto';
export * from './evaluation-form.view';
export * from './form-roles';
export * from './standard-evaluation-form';
export * from './demo-evaluation-forms';
