import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProvinceWide, Role, Roles } from '@lib/auth';
import { CreateProductBody, ProductCatalogue, ProductCodeParam, ProductView, ProductViewSchema, UpdateProductBody } from '@lib/customers';

/** Every user reads the catalogue; admins maintain it. It is province-wide, so no org scope applies. */
@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductsController {
  constructor(private readonly catalogue: ProductCatalogue) {}

  @Get()
  @ApiOkResponse({ type: [ProductViewSchema] })
  list(): Promise<ProductView[]> {
    return this.catalogue.list();
  }

  @Post()
  @Roles(Role.Admin)
  @ProvinceWide()
  @ApiOperation({ summary: 'Add a product to the catalogue (admins)' })
  @ApiCreatedResponse({ type: ProductViewSchema })
  @ApiConflictResponse({ description: 'A product with this code already exists' })
  create(@Body() body: CreateProductBody): Promise<ProductView> {
    return this.catalogue.create(body);
  }

  @Patch(':code')
  @Roles(Role.Admin)
  @ProvinceWide()
  @ApiOperation({
    summary: 'Correct a product (admins)',
    description:
      'The line may change even while policies use the product. Segments and cross-sell bundles read the line live, ' +
      'so their next preview, count or launch uses the new line.',
  })
  @ApiOkResponse({ type: ProductViewSchema })
  @ApiNotFoundResponse({ description: 'No product has this code' })
  update(@Param() { code }: ProductCodeParam, @Body() body: UpdateProductBody): Promise<ProductView> {
    return this.catalogue.update(code, body);
  }
}
