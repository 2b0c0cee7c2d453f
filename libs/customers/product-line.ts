/** The product lines a P&C insurer sells to individuals; a pure file, shared with the web. */
export enum ProductLine {
  MotorCompulsory = 'motor_compulsory',
  MotorCommercial = 'motor_commercial',
  Home = 'home',
  Accident = 'accident',
  Health = 'health',
  Travel = 'travel',
  Liability = 'liability',
}
