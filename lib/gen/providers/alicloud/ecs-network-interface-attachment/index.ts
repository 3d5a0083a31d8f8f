// https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface EcsNetworkInterfaceAttachmentConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#id EcsNetworkInterfaceAttachment#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#instance_id EcsNetworkInterfaceAttachment#instance_id}
  */
  readonly instanceId: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#network_card_index EcsNetworkInterfaceAttachment#network_card_index}
  */
  readonly networkCardIndex?: number;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#network_interface_id EcsNetworkInterfaceAttachment#network_interface_id}
  */
  readonly networkInterfaceId: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#trunk_network_instance_id EcsNetworkInterfaceAttachment#trunk_network_instance_id}
  */
  readonly trunkNetworkInstanceId?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#wait_for_network_configuration_ready EcsNetworkInterfaceAttachment#wait_for_network_configuration_ready}
  */
  readonly waitForNetworkConfigurationReady?: boolean | cdktf.IResolvable;
  /**
  * timeouts block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#timeouts EcsNetworkInterfaceAttachment#timeouts}
  */
  readonly timeouts?: EcsNetworkInterfaceAttachmentTimeouts;
}
export interface EcsNetworkInterfaceAttachmentTimeouts {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#create EcsNetworkInterfaceAttachment#create}
  */
  readonly create?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#delete EcsNetworkInterfaceAttachment#delete}
  */
  readonly delete?: string;
}

export function ecsNetworkInterfaceAttachmentTimeoutsToTerraform(struct?: EcsNetworkInterfaceAttachmentTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    create: cdktf.stringToTerraform(struct!.create),
    delete: cdktf.stringToTerraform(struct!.delete),
  }
}


export function ecsNetworkInterfaceAttachmentTimeoutsToHclTerraform(struct?: EcsNetworkInterfaceAttachmentTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    create: {
      value: cdktf.stringToHclTerraform(struct!.create),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    delete: {
      value: cdktf.stringToHclTerraform(struct!.delete),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class EcsNetworkInterfaceAttachmentTimeoutsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): EcsNetworkInterfaceAttachmentTimeouts | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._create !== undefined) {
      hasAnyValues = true;
      internalValueResult.create = this._create;
    }
    if (this._delete !== undefined) {
      hasAnyValues = true;
      internalValueResult.delete = this._delete;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: EcsNetworkInterfaceAttachmentTimeouts | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._create = undefined;
      this._delete = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._create = value.create;
      this._delete = value.delete;
    }
  }

  // create - computed: false, optional: true, required: false
  private _create?: string; 
  public get create() {
    return this.getStringAttribute('create');
  }
  public set create(value: string) {
    this._create = value;
  }
  public resetCreate() {
    this._create = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get createInput() {
    return this._create;
  }

  // delete - computed: false, optional: true, required: false
  private _delete?: string; 
  public get delete() {
    return this.getStringAttribute('delete');
  }
  public set delete(value: string) {
    this._delete = value;
  }
  public resetDelete() {
    this._delete = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteInput() {
    return this._delete;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment alicloud_ecs_network_interface_attachment}
*/
export class EcsNetworkInterfaceAttachment extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "alicloud_ecs_network_interface_attachment";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a EcsNetworkInterfaceAttachment resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the EcsNetworkInterfaceAttachment to import
  * @param importFromId The id of the existing EcsNetworkInterfaceAttachment that should be imported. Refer to the {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the EcsNetworkInterfaceAttachment to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "alicloud_ecs_network_interface_attachment", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_network_interface_attachment alicloud_ecs_network_interface_attachment} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options EcsNetworkInterfaceAttachmentConfig
  */
  public constructor(scope: Construct, id: string, config: EcsNetworkInterfaceAttachmentConfig) {
    super(scope, id, {
      terraformResourceType: 'alicloud_ecs_network_interface_attachment',
      terraformGeneratorMetadata: {
        providerName: 'alicloud',
        providerVersionConstraint: '~> 1.289'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._id = config.id;
    this._instanceId = config.instanceId;
    this._networkCardIndex = config.networkCardIndex;
    this._networkInterfaceId = config.networkInterfaceId;
    this._trunkNetworkInstanceId = config.trunkNetworkInstanceId;
    this._waitForNetworkConfigurationReady = config.waitForNetworkConfigurationReady;
    this._timeouts.internalValue = config.timeouts;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // instance_id - computed: false, optional: false, required: true
  private _instanceId?: string; 
  public get instanceId() {
    return this.getStringAttribute('instance_id');
  }
  public set instanceId(value: string) {
    this._instanceId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get instanceIdInput() {
    return this._instanceId;
  }

  // network_card_index - computed: false, optional: true, required: false
  private _networkCardIndex?: number; 
  public get networkCardIndex() {
    return this.getNumberAttribute('network_card_index');
  }
  public set networkCardIndex(value: number) {
    this._networkCardIndex = value;
  }
  public resetNetworkCardIndex() {
    this._networkCardIndex = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkCardIndexInput() {
    return this._networkCardIndex;
  }

  // network_interface_id - computed: false, optional: false, required: true
  private _networkInterfaceId?: string; 
  public get networkInterfaceId() {
    return this.getStringAttribute('network_interface_id');
  }
  public set networkInterfaceId(value: string) {
    this._networkInterfaceId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInterfaceIdInput() {
    return this._networkInterfaceId;
  }

  // trunk_network_instance_id - computed: false, optional: true, required: false
  private _trunkNetworkInstanceId?: string; 
  public get trunkNetworkInstanceId() {
    return this.getStringAttribute('trunk_network_instance_id');
  }
  public set trunkNetworkInstanceId(value: string) {
    this._trunkNetworkInstanceId = value;
  }
  public resetTrunkNetworkInstanceId() {
    this._trunkNetworkInstanceId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get trunkNetworkInstanceIdInput() {
    return this._trunkNetworkInstanceId;
  }

  // wait_for_network_configuration_ready - computed: false, optional: true, required: false
  private _waitForNetworkConfigurationReady?: boolean | cdktf.IResolvable; 
  public get waitForNetworkConfigurationReady() {
    return this.getBooleanAttribute('wait_for_network_configuration_ready');
  }
  public set waitForNetworkConfigurationReady(value: boolean | cdktf.IResolvable) {
    this._waitForNetworkConfigurationReady = value;
  }
  public resetWaitForNetworkConfigurationReady() {
    this._waitForNetworkConfigurationReady = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get waitForNetworkConfigurationReadyInput() {
    return this._waitForNetworkConfigurationReady;
  }

  // timeouts - computed: false, optional: true, required: false
  private _timeouts = new EcsNetworkInterfaceAttachmentTimeoutsOutputReference(this, "timeouts");
  public get timeouts() {
    return this._timeouts;
  }
  public putTimeouts(value: EcsNetworkInterfaceAttachmentTimeouts) {
    this._timeouts.internalValue = value;
  }
  public resetTimeouts() {
    this._timeouts.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutsInput() {
    return this._timeouts.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      id: cdktf.stringToTerraform(this._id),
      instance_id: cdktf.stringToTerraform(this._instanceId),
      network_card_index: cdktf.numberToTerraform(this._networkCardIndex),
      network_interface_id: cdktf.stringToTerraform(this._networkInterfaceId),
      trunk_network_instance_id: cdktf.stringToTerraform(this._trunkNetworkInstanceId),
      wait_for_network_configuration_ready: cdktf.booleanToTerraform(this._waitForNetworkConfigurationReady),
      timeouts: ecsNetworkInterfaceAttachmentTimeoutsToTerraform(this._timeouts.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      instance_id: {
        value: cdktf.stringToHclTerraform(this._instanceId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      network_card_index: {
        value: cdktf.numberToHclTerraform(this._networkCardIndex),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      network_interface_id: {
        value: cdktf.stringToHclTerraform(this._networkInterfaceId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      trunk_network_instance_id: {
        value: cdktf.stringToHclTerraform(this._trunkNetworkInstanceId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      wait_for_network_configuration_ready: {
        value: cdktf.booleanToHclTerraform(this._waitForNetworkConfigurationReady),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      timeouts: {
        value: ecsNetworkInterfaceAttachmentTimeoutsToHclTerraform(this._timeouts.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "EcsNetworkInterfaceAttachmentTimeouts",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
