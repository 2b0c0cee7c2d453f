import { InputNumber, InputNumberProps, Space } from 'antd';
import { ReactNode } from 'react';

/** A number box with its unit after it ("3 次", "30 天"); antd v5 retires InputNumber's addonAfter for this compact pair. */
export function NumberWithUnit({ unit, style, ...props }: InputNumberProps<number> & { unit: ReactNode }) {
  return (
    <Space.Compact style={style}>
      <InputNumber<number> {...props} style={{ width: '100%' }} />
      <Space.Addon>{unit}</Space.Addon>
    </Space.Compact>
  );
}
