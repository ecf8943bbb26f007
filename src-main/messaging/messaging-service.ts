// The messaging capabilities of issue 8, built once in the composition root (services.ts) from one
// MessagingAccess, so they share the audit log, the rate governors and the workspace keys path.

import { MessagingAccess, type MessagingDeps } from './access'
import { BroadcastService } from './broadcast/broadcast-service'
import { CampaignsService } from './campaigns/campaigns-service'
import { MessagesService } from './messages/messages-service'
import { PersonActions } from './person/person-actions'
import { SendService } from './send/send-service'
import { TransactionalService } from './transactional/transactional-service'

export class MessagingService {
  readonly campaigns: CampaignsService
  readonly messages: MessagesService
  readonly sends: SendService
  readonly transactional: TransactionalService
  readonly broadcasts: BroadcastService
  readonly person: PersonActions

  constructor(deps: MessagingDeps & { home: string }) {
    const access = new MessagingAccess(deps)
    this.campaigns = new CampaignsService(access)
    this.messages = new MessagesService(access)
    this.sends = new SendService(access)
    this.transactional = new TransactionalService(access)
    this.broadcasts = new BroadcastService(access, deps.home)
    this.person = new PersonActions(access, this.messages)
  }
}
