import { Form, Input, Select, Switch } from 'antd';
import type { Serialized } from '@lib/common/serialized';
import type { ProductChanges, ProductInput, ProductView } from '@lib/customers/product.view';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { useI18n } from '../../i18n/i18n';
import { L, LINES } from './labels';

/** A catalogue product as the pages hold it. */
export type Product = Serialized<ProductView>;

interface ProductFields {
  code: string;
  name: string;
  nameEn?: string;
  line: Product['line'];
  active: boolean;
}

/** Creates a product (`product` absent) or corrects one; the code is the key and only set on create. */
export function ProductForm({ product, onClose, onSaved }: { product?: Product; onClose: () => void; onSaved: (product: Product) => void }) {
  const { pick } = useI18n();
  const [form] = Form.useForm<ProductFields>();

  useEffect(() => {
    form.setFieldsValue(
      product
        ? { code: product.code, name: product.name, nameEn: product.nameEn ?? '', line: product.line, active: product.active }
        : { code: '', name: '', nameEn: '', active: true },
    );
  }, [product, form]);

  const save = async ({ code, name, nameEn, line, active }: ProductFields) => {
    const english = nameEn?.trim() || null;
    onSaved(
      product
        ? await api.patch<ProductView>(`/products/${encodeURIComponent(product.code)}`, { name, nameEn: english, line, active } satisfies Serialized<ProductChanges>)
        : await api.post<ProductView>('/products', { code, name, nameEn: english ?? undefined, line } satisfies Serialized<ProductInput>),
    );
  };

  return (
    <FormModal title={pick(product ? L.editProduct : L.newProduct)} form={form} save={save} onClose={onClose}>
      <Form.Item
        name="code"
        label={pick(L.code)}
        extra={product && pick(L.codeFixed)}
        normalize={(value: string) => value.toUpperCase()}
        rules={[
          { required: true, message: pick(L.required) },
          { pattern: /^[A-Z0-9_]{2,20}$/, message: pick(L.codeRule) },
        ]}
      >
        <Input maxLength={20} disabled={!!product} />
      </Form.Item>
      <Form.Item name="name" label={pick(L.name)} rules={[{ required: true, whitespace: true, message: pick(L.required) }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="nameEn" label={pick(L.nameEn)}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="line" label={pick(L.line)} extra={product && pick(L.lineHint)} rules={[{ required: true, message: pick(L.required) }]}>
        <Select options={Object.entries(LINES).map(([value, { label }]) => ({ value, label: pick(label) }))} />
      </Form.Item>
      {product && (
        <Form.Item name="active" label={pick(L.active)} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </FormModal>
  );
}
