import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProductCatalogue, ProductView } from '@lib/customers';

@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductsController {
  constructor(private readonly catalogue: ProductCatalogue) {}

  @Get()
  @ApiOkResponse({ type: [ProductView] })
  list(): Promise<ProductView[]> {
    return this.catalogue.list();
  }
}
